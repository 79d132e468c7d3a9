def f(x):
    y = x + 1
    if y:
        return y
    return 0


# co_lines ranges are contiguous, cover the code and name lines of the function.
lines = list(f.__code__.co_lines())
print(all(isinstance(s, int) and isinstance(e, int) and s < e for s, e, _ in lines))
print(all(a[1] == b[0] for a, b in zip(lines, lines[1:])), lines[0][0], lines[-1][1] == len(f.__code__.co_code))
print(sorted({l for _, _, l in lines if l is not None and l > 1}))
