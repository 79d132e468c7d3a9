# Attribute caches key their entries by the object's class: classes that die and are replaced
# by new ones (often at the same address) must never be mistaken for each other.


def get(o):
    return o.val


def call(o):
    return o.val()


def store(o, v):
    o.val = v
    return o.__dict__.get("val", "not in __dict__")


results = []
for i in range(3000):
    kind = i % 4
    if kind == 0:
        class K:
            val = "class value %d" % i
    elif kind == 1:
        class K:
            @property
            def val(self):
                return "property"

            @val.setter
            def val(self, v):
                self.seen = v
    elif kind == 2:
        class K:
            __slots__ = ("val",)

            def __init__(self):
                self.val = "slot"
    else:
        class K:
            def __init__(self):
                self.val = lambda: "instance function"

            def val(self):
                return "method"

    o = K()
    got = get(o)
    results.append(got if isinstance(got, str) else call(o))
    if kind != 0:
        try:
            results.append(str(store(o, i)))
        except AttributeError as e:
            results.append("AttributeError: %s" % e)
    del o, K

print(len(results))
for k in range(8):
    print(results[k])
print(sorted(set(r for r in results if not r[0].isdigit() and "class value" not in r)))
print(sum(1 for r in results if r.startswith("class value")))
