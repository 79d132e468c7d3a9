results = []
for value in ["1", "2", "x", "4", None]:
    try:
        results.append(int(value))
    except ValueError:
        results.append("bad")
    except TypeError as e:
        results.append("type:" + str(e))
print(results)
def parse_all(items):
    total = 0
    for it in items:
        total += int(it)
    return total
print(parse_all(["5", "6"]))
print(parse_all(["5", "six"]))
