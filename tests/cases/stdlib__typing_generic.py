import typing
print(typing.List[int], typing.Optional[str])
T = typing.TypeVar("T")
class Box(typing.Generic[T]):
    pass
print(Box[int])
