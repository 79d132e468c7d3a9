import re
print(re.match(r"(\w+) (\w+)", "hello world").groups())
m = re.search(r"(?P<num>\d+)", "abc 123 def")
print(m, m.group("num"), m.span(), m.start(1), m["num"], m.groupdict(), m.lastindex, m.lastgroup)
print(re.findall(r"\d+", "a1b22c333"), re.findall(r"(\w)(\d)", "a1b2"), re.sub(r"\d", "#", "a1b2"), re.sub(r"(\w)(\d)", r"\2\1", "a1b2"))
print(re.split(r",\s*", "a, b,c"), re.split(r"(,)", "a,b"), [m.group() for m in re.finditer(r"[aeiou]", "education")])
print(re.compile(r"x+", re.I), re.fullmatch(r"\d+", "123"), re.fullmatch(r"\d+", "123a"), re.sub("a", lambda m: m.group().upper(), "banana"))
print(re.subn(r"o", "0", "foo boo"), re.escape("a.b"), bool(re.match("", "")), re.findall(r"\b\w", "hi there you"))
print(re.match(r"(a)?b", "b").groups(), re.match(r"(a)?b", "b").group(1), re.sub(r"^", ">", "x\ny", flags=re.M))
