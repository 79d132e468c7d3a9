# `except E:` with one class: exact class, subclass, no match, and invalid classes.
class Base(Exception):
    pass


class Sub(Base):
    pass


def catch(exc, cls):
    try:
        raise exc
    except cls as e:
        return "caught " + type(e).__name__
    except BaseException as e:
        return "fell through " + type(e).__name__


print(catch(Base(), Base), catch(Sub(), Base), catch(Base(), Sub), catch(KeyError(), LookupError))
print(catch(KeyError(), (ValueError, KeyError)), catch(StopIteration(), Exception))
for bad in (int, object, (ValueError, int), 5):
    try:
        try:
            raise ValueError("x")
        except bad:
            print("no")
    except TypeError as e:
        print("TypeError", e)
# an exact-class match never looks at what the class is: a class that is the exception's own
try:
    raise Sub()
except Sub:
    print("exact")
