from . import sub
from .sub import hello
VALUE = 42
