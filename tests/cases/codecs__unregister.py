# codecs.register / codecs.unregister: a registered search function finds a codec until it is
# unregistered (the lookup cache is dropped with it); register() wants a callable.
import codecs


def search(name):
    if name == "rot_thirteen":
        return codecs.lookup("rot13")
    return None


codecs.register(search)
print(codecs.lookup("rot_thirteen").name, codecs.encode("abc", "rot_thirteen"))
codecs.unregister(search)
try:
    codecs.lookup("rot_thirteen")
except LookupError as e:
    print("LookupError", e)
codecs.unregister(search)
try:
    codecs.register(42)
except TypeError as e:
    print("TypeError", e)
