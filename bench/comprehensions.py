# Comprehension pipelines: list/dict/set/nested comprehensions, genexps into sum/any/all/max, sorted keys, unpacking.


def make_records(n):
    names = ["ada", "bob", "cy", "dee", "eve", "fay", "gus", "hal", "ivy", "jon"]
    cities = ["oslo", "rome", "lima", "kiev", "nuuk", "baku", "riga"]
    return [
        (i, names[i % len(names)] + str(i % 37), cities[(i * 7) % len(cities)], (i * 2654435761) % 1000, i % 90 + 10)
        for i in range(n)
    ]


def pipeline(records):
    # filter + project
    adults = [(rid, name, city, score) for rid, name, city, score, age in records if age >= 18]
    # dict comprehension keyed by id
    by_id = {rid: (name, score) for rid, name, _, score in adults}
    # group with setdefault-free dict of lists built from a comprehension over keys
    cities = sorted({city for _, _, city, _ in adults})
    groups = {c: [s for _, _, city, s in adults if city == c] for c in cities}
    stats = {c: (len(v), sum(v), max(v), min(v)) for c, v in groups.items()}
    # nested comprehension: flattened pairs
    top = sorted(adults, key=lambda r: (-r[3], r[0]))[:40]
    pairs = [(a[0], b[0]) for a in top for b in top if a[0] < b[0] and (a[3] + b[3]) % 3 == 0]
    # set comprehension and generator expressions
    initials = {name[0] for _, name, _, _ in adults}
    total_score = sum(score for *_, score in adults)
    any_perfect = any(score == 999 for *_, score in adults)
    all_positive = all(score >= 0 for *_, score in adults)
    best = max((score, rid) for rid, _, _, score in adults)
    # enumerate / zip
    ranked = [(rank, rid) for rank, (rid, *_rest) in enumerate(top, 1)]
    zipped = sum(a * b for (a, _), (_, b) in zip(ranked, ranked[1:]))
    # dict inversion and sorting items by value
    name_count = {}
    for _, name, _, _ in adults:
        name_count[name] = name_count.get(name, 0) + 1
    common = sorted(name_count.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    lookup = sum(by_id[rid][1] for _, rid in ranked)
    return (
        len(adults) + len(pairs) + len(initials) + zipped + lookup + total_score
        + best[0] + best[1] + int(any_perfect) + int(all_positive)
        + sum(a + b + c + d for a, b, c, d in stats.values())
        + sum(n for _, n in common)
    )


def matrix_work(n):
    m = [[(i * j + i + j) % 17 for j in range(n)] for i in range(n)]
    t = [list(col) for col in zip(*m)]
    prod = [[sum(a * b for a, b in zip(row, col)) for col in t] for row in m]
    diag = [prod[i][i] for i in range(n)]
    flat = [x for row in prod for x in row if x % 2 == 0]
    return sum(diag) + len(flat) + max(max(r) for r in prod)


def words_work(n):
    text = " ".join("w%d" % ((i * i) % 97) for i in range(n))
    words = text.split()
    lengths = {w: len(w) for w in words}
    freq = {}
    for w in words:
        freq[w] = freq.get(w, 0) + 1
    by_len = {k: sorted(w for w in lengths if lengths[w] == k) for k in set(lengths.values())}
    ordered = sorted(freq, key=freq.get, reverse=True)
    return sum(freq[w] * i for i, w in enumerate(ordered)) + sum(len(v) for v in by_len.values())


def main():
    records = make_records(4000)
    acc = 0
    for rep in range(400):
        acc += pipeline(records[rep:])
    for rep in range(24):
        acc += matrix_work(40 + rep)
    acc += words_work(150000)
    print("comprehensions", acc)


main()
