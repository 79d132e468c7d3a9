# A traceback through C(...) into __init__, and __init__ returning a value.
class Point:
    def __init__(self, x):
        self.x = 1 / x


def make(v):
    return Point(v)


try:
    make(0)
except ZeroDivisionError as e:
    tb = e.__traceback__
    while tb:
        print(tb.tb_frame.f_code.co_name, tb.tb_lineno)
        tb = tb.tb_next


class Bad:
    def __init__(self):
        return "no"


def build():
    return Bad()


build()
