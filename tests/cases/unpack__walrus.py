data = [1, 5, 12, 7, 20]
if (n := len(data)) > 3:
    print("long list", n)
print([y for x in data if (y := x * 2) > 10])
print(y)
def chunks(s, size):
    pos = 0
    while (piece := s[pos:pos + size]):
        yield piece
        pos += size
print(list(chunks("abcdefgh", 3)))
values = {"a": 1}
if (v := values.get("a")) is not None:
    print("found", v)
print((total := 10) + total)
counter = 0
def tick():
    global counter
    counter += 1
    return counter
while (t := tick()) < 4:
    print("tick", t)
print([(last := i) for i in range(3)], last)
print(f"{(w := 3) * 2} {w}")
