s = "abcdefghij"
print(s[0], s[-1], s[2:5], s[:3], s[7:], s[-3:], s[:-7])
print(s[::2], s[1::3], s[::-1], s[8:2:-2], s[-1:-4:-1])
print(s[100:], s[-100:2], s[5:2], repr(s[3:3]))
print(s[slice(2, 8, 3)], slice(1, 5).indices(3), slice(None, None, -1).indices(4))
try:
    s[10]
except IndexError as e:
    print(e)
try:
    s[0] = "z"
except TypeError as e:
    print(e)
t = "héllo wörld"
print(t[1], t[-4:], len(t), t.upper())
print("".join(reversed("stressed")), "racecar" == "racecar"[::-1])
for i, ch in enumerate("abc"):
    print(i, ch, end="; ")
print()
