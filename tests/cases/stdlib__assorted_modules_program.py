# A program touching many standard-library modules at once (difflib, shlex, configparser,
# urllib.parse, calendar, gzip, zipfile, email, doctest, ipaddress, graphlib, contextvars...).
import difflib, shlex, fnmatch, configparser, html, urllib.parse, calendar, gzip, io, zipfile, textwrap, email.message, email.utils, doctest, string, ipaddress, getopt, optparse, locale, graphlib, contextvars, dataclasses, secrets, math, cmath, array, unicodedata, socket, select, sqlite3 if False else None
print("".join(difflib.unified_diff(["a\n", "b\n"], ["a\n", "c\n"], "x", "y")))
print(shlex.split("a 'b c' \"d e\" f\\ g"), shlex.quote("it's"))
print(fnmatch.filter(["a.py", "b.txt", "c.py"], "*.py"))
cp = configparser.ConfigParser(); cp.read_string("[s]\nk = v\nn = 3\n"); print(cp["s"]["k"], cp.getint("s", "n"))
print(html.escape("<a href='x'>&</a>"), html.unescape("&lt;&amp;&#39;"))
u = urllib.parse.urlparse("https://user@host:8080/p/a?q=1&r=2#frag"); print(u.hostname, u.port, urllib.parse.parse_qs(u.query))
print(urllib.parse.quote("a b/c?"), urllib.parse.urlencode({"a": 1, "b": "x y"}))
print(calendar.month(2024, 2))
data = gzip.compress(b"hello" * 100); print(len(gzip.decompress(data)))
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z: z.writestr("a.txt", "content")
with zipfile.ZipFile(buf) as z: print(z.namelist(), z.read("a.txt"))
m = email.message.EmailMessage(); m["Subject"] = "Hi"; m["To"] = "a@b.c"; m.set_content("Body"); print(m.as_string().splitlines()[:3])
print(email.utils.parseaddr("Name <a@b.c>"))
def add(a, b):
    """
    >>> add(1, 2)
    3
    >>> add(1, 1)
    3
    """
    return a + b
r = doctest.run_docstring_examples(add, {"add": add}, name="add")
print(ipaddress.ip_network("192.168.0.0/30").num_addresses, list(ipaddress.ip_network("10.0.0.0/31")))
print(getopt.getopt(["-a", "1", "x"], "a:"))
ts = graphlib.TopologicalSorter({"b": {"a"}, "c": {"b"}}); print(list(ts.static_order()))
v = contextvars.ContextVar("v", default=1); print(v.get(), contextvars.copy_context().run(lambda: v.set(5) and v.get()))
print(array.array("i", [1, 2]) * 2, unicodedata.name("é"), cmath.sqrt(-1))
