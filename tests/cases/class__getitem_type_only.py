# type[...] is a GenericAlias, but `type` has no __class_getitem__, so ordinary classes (whose
# metaclass is type) are not subscriptable unless they define one.
print(type[int], type[int] == type[int], type[int].__origin__ is type)
print(hasattr(type, "__class_getitem__"), "__class_getitem__" in type.__dict__)


class C:
    pass


print(hasattr(C, "__class_getitem__"))
try:
    C[int]
except TypeError as e:
    print("TypeError:", e)


class G:
    def __class_getitem__(cls, item):
        return ("G", item)


print(G[int], list[int], dict[str, int], tuple[int, ...], set[str])
try:
    str[int]
except TypeError as e:
    print("TypeError:", e)
