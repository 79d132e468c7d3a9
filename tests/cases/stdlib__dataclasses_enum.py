from dataclasses import dataclass, field, asdict, replace
from enum import Enum, IntEnum, auto, Flag
@dataclass
class Item:
    name: str
    price: float = 0.0
    tags: list = field(default_factory=list)
@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int = 0
i = Item("pen", 1.5)
i.tags.append("office")
print(i, asdict(i), replace(i, price=2.0))
print(Item("a") == Item("a"), Version(1, 2) < Version(2), sorted([Version(1, 5), Version(1, 2)]))
try:
    Version(1).major = 3
except Exception as e:
    print(type(e).__name__)
class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = auto()
print(Color.RED, repr(Color.GREEN), Color(3), Color["RED"], Color.RED.name, Color.BLUE.value)
print(list(Color), Color.RED is Color(1), len(Color))
class Pri(IntEnum):
    LOW = 1
    HIGH = 2
print(Pri.HIGH > Pri.LOW, Pri.LOW + 1, sorted([Pri.HIGH, Pri.LOW]))
class Perm(Flag):
    R = 4
    W = 2
    X = 1
print(Perm.R | Perm.W, Perm.R in (Perm.R | Perm.X), bool(Perm.W & Perm.X))
