inventory = {
    "fruits": {"apple": 3, "pear": 0},
    "veg": {"carrot": 7},
}
inventory["fruits"]["kiwi"] = 2
inventory.setdefault("grain", {})["rice"] = 1
print(inventory)
total = sum(n for cat in inventory.values() for n in cat.values())
print(total)
in_stock = {cat: [k for k, n in items.items() if n] for cat, items in inventory.items()}
print(in_stock)
matrix = [[i * 3 + j for j in range(3)] for i in range(3)]
matrix[1][1] = None
print(matrix, [row[1] for row in matrix])
graph = {"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []}
def paths(g, start, end):
    if start == end:
        return [[end]]
    return [[start] + p for n in g[start] for p in paths(g, n, end)]
print(paths(graph, "a", "d"))
stack, seen = ["a"], []
while stack:
    node = stack.pop()
    if node not in seen:
        seen.append(node)
        stack.extend(reversed(graph[node]))
print(seen)
records = [{"name": "x", "tags": ["a", "b"]}, {"name": "y", "tags": []}]
print([r["name"] for r in records if "a" in r["tags"]], records)
