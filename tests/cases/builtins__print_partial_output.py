# print() writes the pieces before an argument whose str() raises, as CPython does.
class Bad:
    def __str__(self):
        raise ValueError("no str")


try:
    print("first", 2, Bad(), "never", sep="|")
except ValueError as e:
    print()
    print("ValueError:", e)
try:
    print(Bad(), "x")
except ValueError as e:
    print("ValueError:", e)
print("a", "b", sep="", end="!\n")
