grid = [[(r * 3 + c) for c in range(3)] for r in range(3)]
print(grid)
print([grid[i][i] for i in range(3)], [grid[i][2 - i] for i in range(3)])
flat = [v for row in grid for v in row]
print(flat, sum(flat))
transpose = [[grid[r][c] for r in range(3)] for c in range(3)]
print(transpose)
pythag = [(a, b, c) for c in range(1, 30) for b in range(1, c) for a in range(1, b) if a * a + b * b == c * c]
print(pythag)
text = "the cat sat on the mat the end"
freq = {w: text.split().count(w) for w in set(text.split())}
print(sorted(freq.items(), key=lambda kv: (-kv[1], kv[0])))
print(sorted({frozenset((a, b)) for a in range(3) for b in range(3) if a != b}, key=sorted))
print([s[::-1] for s in ("abc", "xy") if s])
print(dict(sorted({c: ord(c) for c in "hello"}.items())))
