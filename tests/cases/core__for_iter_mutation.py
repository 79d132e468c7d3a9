# for-loops over lists and ranges while the list changes, and exhausted iterators.
items = [1, 2, 3]
seen = []
for x in items:
    seen.append(x)
    if x == 2:
        items.append(4)
    if len(seen) > 10:
        break
print(seen)
items = [1, 2, 3, 4, 5]
for x in items:
    items.remove(x)
print(items)
it = iter([1, 2])
print(list(it), list(it))
lst = [0]
it = iter(lst)
print(next(it), next(it, "end"))
lst.append(1)
print(next(it, "still end"))
for i in range(3, 0, -1):
    print(i, end=" ")
print()
big = 2**63 - 3
for i in range(big, big + 2):
    print(i)
for i in range(9223372036854775806, 9223372036854775808):
    print(i)
r = iter(range(2))
print(next(r), next(r), next(r, "done"), next(r, "done"))
nested = [[1, 2], [3]]
print([y for x in nested for y in x])
t = 0
for i in range(100000):
    t += i
print(t)
