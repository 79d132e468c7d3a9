# csv over lib/_csv.py: writer quoting modes, reader state machine (quotes, escapes, newlines in fields, NUL), dialects, errors, DictReader/Writer, Sniffer, field limits.
import csv, io
rows = [["a", "b,c", 'say "hi"', "multi\nline", "", None, 1, 2.5, True]]
for q in (csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC):
    s = io.StringIO()
    w = csv.writer(s, quoting=q)
    w.writerows(rows)
    w.writerow([])
    w.writerow([""])
    print(repr(s.getvalue()))
s = io.StringIO()
w = csv.writer(s, quoting=csv.QUOTE_NONE, escapechar="\\")
w.writerow(["a,b", 'q"', "x\\y"])
print(repr(s.getvalue()))
text = 'a,b,c\r\n1,"2,3",4\r\n"x""y",,"multi\nline"\r\n\r\n  sp, "q" \r\n'
print(list(csv.reader(io.StringIO(text, newline=""))))
print(list(csv.reader(io.StringIO(text, newline=""), skipinitialspace=True)))
print(list(csv.reader(["1,2.5,x"], quoting=csv.QUOTE_NONNUMERIC)) if False else list(csv.reader(['1,2.5,"x"'], quoting=csv.QUOTE_NONNUMERIC)))
print(list(csv.reader(["a;b;c"], delimiter=";")), list(csv.reader(["a\\,b,c"], escapechar="\\")))
r = csv.reader(["a,b", "c"])
print(r.line_num, next(r), r.line_num, r.dialect.delimiter, r.dialect.quoting)
for kw in [dict(delimiter="ab"), dict(quotechar=None, quoting=csv.QUOTE_ALL), dict(lineterminator=None), dict(quoting=9), dict(delimiter=1), dict(escapechar="xy"), dict(bogus=1)]:
    try:
        csv.reader([], **kw)
    except TypeError as e:
        print("TypeError:", e)
for data, kw in [(['"a" b,c'], dict(strict=True)), (['"abc'], dict(strict=True)), (["a\0b"], {}), ([b"x"], {}), (["a\nb,c"], {})]:
    try:
        print(list(csv.reader(data, **kw)))
    except csv.Error as e:
        print("Error:", e)
try:
    csv.writer(None)
except TypeError as e:
    print("TypeError:", e)
csv.register_dialect("pipes", delimiter="|")
print(csv.list_dialects()[-1], csv.get_dialect("pipes").delimiter, list(csv.reader(["a|b"], "pipes")))
csv.unregister_dialect("pipes")
try:
    csv.get_dialect("pipes")
except csv.Error as e:
    print("Error:", e)
d = list(csv.DictReader(io.StringIO("x,y\n1,2\n3,4\n")))
print(d)
s = io.StringIO()
dw = csv.DictWriter(s, fieldnames=["x", "y"])
dw.writeheader()
dw.writerows(d)
print(repr(s.getvalue()))
print(csv.Sniffer().sniff("a;b;c\n1;2;3\n").delimiter, csv.Sniffer().has_header("name,age\nbob,3\n"))
print(csv.field_size_limit(), csv.field_size_limit(10), csv.field_size_limit())
try:
    list(csv.reader(["x" * 11]))
except csv.Error as e:
    print("Error:", e)
