try:
    raise 42
except TypeError as e:
    print(e)
try:
    raise ValueError
except ValueError as e:
    print("class raised:", repr(e))
class NotAnException:
    pass
raise NotAnException
