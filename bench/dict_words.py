# Dict-heavy word counting and string keys.
words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]
counts = {}
pairs = {}
for i in range(3_000_000):
    w = words[(i * 7 + i // 3) % 10] + str(i % 50)
    counts[w] = counts.get(w, 0) + 1
    key = (w, i % 3)
    pairs[key] = pairs.get(key, 0) + i % 5
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
print(len(counts), len(pairs), top, sum(pairs.values()))
