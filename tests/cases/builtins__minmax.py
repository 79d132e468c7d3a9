print(min(3, 1, 2), max(3, 1, 2), min([5, 4]), max("hello"), min("b", "a", "c"))
print(min([], default="none"), max((), default=0), max([1, 2], default=9))
words = ["pear", "fig", "banana", "kiwi"]
print(min(words, key=len), max(words, key=len), max(words, key=lambda w: w[-1]))
print(max([(1, "b"), (1, "a")]), min({"x": 3, "y": 1}, key={"x": 3, "y": 1}.get))
print(max(1, 2.5, True), min(-0.0, 0.0), max(0.0, -0.0))
try:
    min([])
except ValueError as e:
    print(e)
try:
    max(1)
except TypeError as e:
    print(e)
try:
    min(1, 2, default=0)
except TypeError as e:
    print(e)
print(abs(-5), abs(2.5), abs(-0.0), abs(3 + 4j), abs(True))
print(divmod(17, 5), divmod(-17, 5), divmod(5.5, 2))
print(round(2.567, 1), pow(2, 8), pow(2, 8, 10), sum([], 0))
