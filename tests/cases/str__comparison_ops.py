words = ["banana", "Apple", "cherry", "apple", "Banana", "123", ""]
print(sorted(words))
print(sorted(words, key=str.lower))
print(sorted(words, key=len))
print(min(words), max(words), "b" * 3 + "a")
print("a" in "abc", "" in "abc", "ac" not in "abc")
print(str(123), str(1.5), str([1, "a"]), str(None), str(True), str(b"x"))
print(repr(123), repr("x"), repr([1, "a"]), repr((1,)), repr({"k": "v"}))
print(int("  42  "), int("-0"), int("1_000"), int("ff", 16), int("0b101", 0), int("0o17", 0), int("z", 36))
print(float("  1.5 "), float("1e3"), float("-inf"), float("1_0.5"), str(float("nan")))
s = "x"
s += "y"
s *= 2
print(s, s is not None, len(s))
print(list("abc"), tuple("ab"), set("aa"), "abc".encode(), "%s" % "abc")
