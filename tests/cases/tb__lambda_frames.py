apply = lambda f, x: f(x)
data = {"a": 1}
def lookup(key):
    return data[key]
print(apply(lookup, "a"))
print(sorted(["a", "b", "c"], key=lambda k: apply(lookup, k)))
