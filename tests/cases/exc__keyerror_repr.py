d = {"present": 1}
try:
    d["absent"]
except KeyError as e:
    print("caught", e, repr(e), e.args)
try:
    d[(1, 2)]
except KeyError as e:
    print("caught", e)
d[""]
