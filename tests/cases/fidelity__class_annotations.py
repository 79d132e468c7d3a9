# cls.__annotations__ is the class's own (a new empty dict when it has none, kept in its
# __dict__), never inherited; builtin types have none.
class A:
    pass


print(A.__annotations__, "__annotations__" in A.__dict__, A.__annotations__ is A.__annotations__)


class B:
    x: int


class C(B):
    pass


print(B.__annotations__, C.__annotations__, C.__dict__["__annotations__"])
C.__annotations__ = {"y": str}
print(C.__annotations__)
del C.__annotations__
print("__annotations__" in C.__dict__)
try:
    del C.__annotations__
except AttributeError as e:
    print("AttributeError", e)
for stmt in ("int.__annotations__", "type.__annotations__", "int.__annotations__ = {}", "del int.__annotations__"):
    try:
        exec(stmt)
    except (AttributeError, TypeError) as e:
        print(stmt, "->", type(e).__name__, e)


class D:
    __annotations__ = property(lambda self: "instance")


print(type(D.__annotations__).__name__)
print(type(type.__dict__["__annotations__"]).__name__)
import dataclasses


@dataclasses.dataclass
class P(B):
    y: str = "s"


print(P(1), [f.name for f in dataclasses.fields(P)])
