import copy, pprint
orig = {"a": [1, 2, {"deep": [3]}], "b": (4, 5)}
shallow = copy.copy(orig)
deep = copy.deepcopy(orig)
orig["a"][2]["deep"].append(99)
print(shallow["a"][2], deep["a"][2], shallow is not orig)
class Node:
    def __init__(self, v):
        self.v = v
        self.next = None
n = Node(1)
n.next = n
m = copy.deepcopy(n)
print(m.next is m, m is not n, m.v)
pprint.pprint({"key%d" % i: list(range(i)) for i in range(8)}, width=60)
print(pprint.pformat([1, [2, [3, [4, [5]]]]], depth=2))
