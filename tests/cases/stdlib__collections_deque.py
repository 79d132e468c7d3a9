from collections import deque, defaultdict, Counter, OrderedDict, namedtuple

d = deque([1, 2, 3])
d.append(4); d.appendleft(0)
print(d, len(d), d[0], d[-1], 3 in d, 9 in d)
print(d.pop(), d.popleft(), d)
d.extend("ab"); d.extendleft([8, 9])
print(d, list(d), list(reversed(d)))
d.rotate(2); print(d)
d.rotate(-3); print(d)
d.rotate(0); d.reverse(); print(d)
print(d.count(1), d.index(2), d.index("a"))
d.insert(1, "X"); d.remove(9); print(d)
d[0] = "first"; del d[1]; print(d)
d.clear(); print(d, bool(d), bool(deque([0])))
m = deque(range(10), maxlen=3)
print(m, m.maxlen, deque().maxlen)
m.append(10); m.appendleft(-1); print(m)
m.extend(range(5)); print(m)
print(deque("abc") == deque("abc"), deque([1]) < deque([2]), deque([1, 2]) != deque([1, 2]))
print(deque([1, 2]) + deque([3]), deque([1, 2]) * 2, deque([], maxlen=0))
c = deque([1, 2]); c2 = c.copy(); c2.append(3); print(c, c2)
r = deque(); r.append(r); print(r)
try:
    deque().pop()
except IndexError as e:
    print("IndexError:", e)
try:
    deque([1]).remove(5)
except ValueError as e:
    print("ValueError:", e)
try:
    deque([1])[5]
except IndexError as e:
    print("IndexError:", e)
try:
    deque(maxlen=-1)
except ValueError as e:
    print("ValueError:", e)
try:
    x = deque([1, 2, 3])
    for v in x:
        x.append(v)
except RuntimeError as e:
    print("RuntimeError:", e)

dd = defaultdict(list)
for k, v in [("a", 1), ("b", 2), ("a", 3)]:
    dd[k].append(v)
print(dd, dict(dd), dd["zz"], len(dd), "q" in dd)
cnt = defaultdict(int)
for ch in "mississippi":
    cnt[ch] += 1
print(sorted(cnt.items()), cnt.default_factory, isinstance(cnt, dict))
n = defaultdict(None, {1: 2})
print(n, n.get(5))
try:
    n[5]
except KeyError as e:
    print("KeyError:", e)
print(defaultdict(int, a=1).copy(), type(defaultdict()).__name__, defaultdict.__module__)
try:
    defaultdict(5)
except TypeError as e:
    print("TypeError:", e)
print(Counter("abracadabra").most_common(3))
od = OrderedDict(a=1, b=2); od.move_to_end("a"); print(od, list(od))
P = namedtuple("P", "x y")
print(P(1, 2), P(1, 2).x, P._make([3, 4]))
