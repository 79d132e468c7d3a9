# Method calls on builtins in loops: str, list, dict, set and bytes methods.


def str_methods(n):
    acc = 0
    for i in range(n):
        line = "  key%d = value_%d ; tag:%s ; extra  " % (i % 53, i, "abc"[i % 3])
        s = line.strip()
        parts = s.split(";")
        head = parts[0].strip()
        k, _, v = head.partition("=")
        k = k.rstrip()
        v = v.lstrip()
        if k.startswith("key1"):
            acc += 1
        if v.endswith("7"):
            acc += 2
        acc += s.find("tag") + s.find("zzz") + s.count("a")
        joined = "-".join(p.strip() for p in parts)
        acc += len(joined.replace("-", "+").upper())
        acc += len("{}:{:>6}|{:04d}".format(k, v[:6], i % 10000))
        if v.isalnum() or k.isalpha():
            acc += 3
        acc += len(s.lower().title().swapcase())
        acc += s.rfind("e") + s.index("=")
    return acc


def list_methods(n):
    acc = 0
    stack = []
    for i in range(n):
        stack.append(i % 97)
        if i % 3 == 0:
            acc += stack.pop()
        if i % 50 == 0:
            stack.insert(0, i % 11)
            stack.insert(len(stack) // 2, 5)
        if i % 400 == 0 and stack:
            acc += stack.count(5) + stack.index(stack[-1])
            stack.sort()
            stack.reverse()
            acc += stack[0]
            del stack[: len(stack) // 2]
    items = list(range(200))
    for r in range(n // 200):
        items.extend([r, r + 1])
        items.remove(r + 1)
        acc += items.pop(0) + items.index(r)
        copy = items.copy()
        copy.clear()
        acc += len(copy)
    return acc + len(stack) + sum(stack) + len(items)


def dict_methods(n):
    acc = 0
    counts = {}
    groups = {}
    for i in range(n):
        key = "k%d" % (i % 211)
        counts[key] = counts.get(key, 0) + 1
        groups.setdefault(i % 37, []).append(i)
        if i % 100 == 0:
            extra = {"k%d" % j: j for j in range(i % 7)}
            counts.update(extra)
            acc += len(counts)
        if i % 1000 == 999:
            for k, v in counts.items():
                acc += v
            for k in list(counts.keys())[:10]:
                acc += counts.pop(k)
            acc += sum(len(v) for v in groups.values())
            acc += len(groups.pop(i % 37, ()))
    acc += sum(counts.values()) + len(groups)
    d = dict.fromkeys(range(50), 0)
    for i in range(n // 10):
        d[i % 50] += 1
        k, v = d.popitem()
        d[k] = v + 1
    acc += sum(d.values())
    return acc


def set_methods(n):
    acc = 0
    a = set()
    b = set(range(0, 300, 3))
    for i in range(n):
        a.add(i % 500)
        if i % 7 == 0:
            a.discard((i * 3) % 500)
        if i % 250 == 0:
            acc += len(a.intersection(b)) + len(a.union(b)) + len(a.difference(b))
            acc += len(a.symmetric_difference(b))
            acc += a.issubset(b) + b.isdisjoint(a)
            c = a.copy()
            c.update(range(600, 610))
            c.intersection_update(range(0, 1000, 2))
            acc += len(c)
    return acc + len(a)


def bytes_methods(n):
    acc = 0
    for i in range(n):
        raw = ("row%d,%d,%s\n" % (i, i * 7, "xyz"[i % 3])).encode("ascii")
        fields = raw.strip().split(b",")
        acc += int(fields[1]) + len(fields[2])
        acc += raw.find(b",") + raw.count(b"y")
        joined = b"|".join(fields)
        acc += len(joined.replace(b"|", b"::").upper())
        if joined.startswith(b"row1"):
            acc += 1
        acc += raw.hex().count("3") + raw[0]
        acc += len(raw.decode("ascii").rstrip())
    buf = bytearray()
    for i in range(n // 4):
        buf.extend(b"ab")
        buf.append(i % 256)
        if len(buf) > 100:
            acc += buf.count(b"a") + buf.find(b"b")
            del buf[:50]
    return acc + len(buf) + sum(buf)


def main():
    n = 300000
    print("str", str_methods(n))
    print("list", list_methods(n * 4))
    print("dict", dict_methods(n * 3))
    print("set", set_methods(n * 3))
    print("bytes", bytes_methods(n))


main()
