# N-queens with generators: recursive generator of partial solutions, set lookups, tuples.
def queens(n):
    def place(row, cols, diag1, diag2):
        if row == n:
            yield ()
            return
        for c in range(n):
            if c in cols or (row + c) in diag1 or (row - c) in diag2:
                continue
            for rest in place(row + 1, cols | {c}, diag1 | {row + c}, diag2 | {row - c}):
                yield (c,) + rest
    yield from place(0, frozenset(), frozenset(), frozenset())


count = 0
checksum = 0
for n in (8, 9, 10, 11, 11, 11, 12):
    for sol in queens(n):
        count += 1
        checksum = (checksum * 31 + sum(i * v for i, v in enumerate(sol))) % 1000003
first = next(queens(10))
print(count, checksum, first, sum(1 for _ in queens(7)))
