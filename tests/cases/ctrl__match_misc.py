def cmd(text):
    match text.split():
        case ["go", ("north" | "south" | "east" | "west") as direction]:
            return f"going {direction}"
        case ["take", *items] if items:
            return "taking " + ", ".join(items)
        case ["quit" | "exit"]:
            return "bye"
        case [verb, *_]:
            return f"unknown verb {verb!r}"
        case []:
            return "silence"
for t in ["go north", "go up", "take lamp key", "take", "exit", "dance wildly", ""]:
    print(repr(t), "->", cmd(t))
class Color:
    RED = "red"
    GREEN = "green"
def paint(c):
    match c:
        case Color.RED:
            return "stop"
        case Color.GREEN:
            return "go"
        case other:
            return "captured " + other
print(paint("red"), paint("green"), paint("blue"))
x = 5
match x:
    case 1:
        print("one")
print("no case matched, no error")
match 42:
    case n if n > 100:
        print("big")
    case n:
        print("bound", n)
print("n after match:", n)
match (1, 2):
    case (a, b) as pair:
        print(pair, a + b)
match "abc":
    case [*chars]:
        print("str is not a sequence pattern")
    case str(s):
        print("str pattern", s)
