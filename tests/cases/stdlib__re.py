import re
text = "Contact: alice@example.com, bob.smith@test.org; phone 555-1234 or 555-9876."
print(re.findall(r"[\w.]+@[\w.]+\w", text))
print(re.findall(r"\d{3}-\d{4}", text))
m = re.search(r"(\w+)@(\w+)\.(\w+)", text)
print(m.group(0), m.group(1, 2), m.groups(), m.span(), m.start(2))
print(re.sub(r"\d", "#", "a1b22c333"), re.sub(r"(\w+) (\w+)", r"\2 \1", "hello world"))
print(re.split(r"[,;]\s*", "a, b;c,  d"), re.split(r"(-)", "1-2-3"))
print(bool(re.match(r"^\d+$", "12345")), bool(re.fullmatch(r"[a-z]+", "abc1")))
pat = re.compile(r"(?P<key>\w+)=(?P<val>[^&]*)")
print([m.groupdict() for m in pat.finditer("a=1&b=&c=three")])
print(re.sub(r"\b(\w)", lambda m: m.group(1).upper(), "make title case"))
print(re.findall(r"(?i)the", "The then THE"), re.escape("a.b*c"), re.subn("a", "b", "aaa"))
print(re.match(r"(a)(b)?", "ac").groups(), re.findall(r"a*?b", "aab ab b"))
