from abc import ABC, abstractmethod
from typing import List, Dict, Optional, NamedTuple
class Base(ABC):
    @abstractmethod
    def run(self) -> int: ...
class Impl(Base):
    def run(self) -> int:
        return 7
try:
    Base()
except TypeError as e:
    print(e)
print(Impl().run(), isinstance(Impl(), Base))
def f(xs: List[int], m: Dict[str, int], o: Optional[str] = None) -> int:
    return len(xs) + len(m)
print(f([1], {"a": 1}), f.__annotations__["o"])
class P(NamedTuple):
    x: int
    y: int = 0
print(P(1), P(1, 2)._asdict())
