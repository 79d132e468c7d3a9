# `str % x` takes a shortcut for an exact str on the left; reflected and subclass rules hold.
class S(str):
    def __rmod__(self, other):
        return "S.__rmod__(" + other + ")"

    def __mod__(self, other):
        return "S.__mod__"


class R:
    def __rmod__(self, other):
        return "R.__rmod__"


print("%s!" % S("x"), S("%s") % 1, ("%s" % R()).startswith("<__main__.R object"), "%r" % (R,))
print("a%sb%dc" % ("x", 3), "%(k)s" % {"k": 1}, "%%" % (), "%s" % [1])
s = "%s-%s"
s %= (1, 2)
print(s)
for bad in [("%d", "x"), ("%s %s", (1,)), ("%s", (1, 2)), ("%(a)s", 1), ("%z", 1)]:
    try:
        print(bad[0] % bad[1])
    except (TypeError, ValueError, KeyError) as e:
        print(type(e).__name__, e)
