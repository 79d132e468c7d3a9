def shape(x):
    match x:
        case []:
            return "empty"
        case [a]:
            return f"one: {a}"
        case [a, b]:
            return f"two: {a}, {b}"
        case [first, *middle, last] if len(middle) > 2:
            return f"long: {first}..{last} ({len(middle)} between)"
        case [first, *rest]:
            return f"head {first} tail {rest}"
        case _:
            return "not a sequence"
for v in [[], [1], (1, 2), [1, 2, 3], list(range(6)), "ab", 5, range(3)]:
    print(repr(v), "->", shape(v))
def nested(x):
    match x:
        case [(a, b), [c, *_]]:
            return (a, b, c)
        case [_, _, *_]:
            return "2+ items"
    return "no match"
print(nested([(1, 2), [3, 4, 5]]), nested([1, 2, 3]), nested([1]))
match (1, [2, (3, 4)]):
    case (x, [y, (z, w)]):
        print("deep", x, y, z, w)
match [1, 2, 3]:
    case [*everything]:
        print("star all", everything)
