class C:
    @property
    def x(self):
        "doc of x"
        return 1
p = C.__dict__["x"]
print(p.__doc__)
p.__doc__ = "changed"
print(C.x.__doc__, property(lambda s: 1, doc="d").__doc__)
import pathlib
print(pathlib.PurePosixPath("/a/b/c.txt").suffix, pathlib.PurePosixPath("/a/b") / "x")
