# sys.version_info, sys.flags and the other sys records are struct sequences: named fields,
# CPython's repr, read-only attributes, __match_args__, uncreatable where CPython says so.
import sys, pickle, copy
v = sys.version_info
print(v.major, v.minor, v.micro, v.releaselevel, v.serial, type(v).__name__, v >= (3, 8), v[:2], repr(v), str(v), len(v), tuple(v), v == (3, 11, 7, 'final', 0))
print(v.__doc__)
print(sys.flags, sys.float_info.max)
print(isinstance(v, tuple), type(v).__module__, hash(v) == hash(tuple(v)))
try:
    v.major = 4
except AttributeError as e:
    print('AttributeError', e)
try:
    type(v)()
except TypeError as e:
    print('TypeError', e)
print("%d.%d" % v[:2], '{0.major}.{0.minor}'.format(v))
print(sys.float_info)
print(sys.int_info, sys.hash_info.width, sys.thread_info.name)
print(type(sys.float_info).n_fields, type(sys.flags).__match_args__[-2:], type(sys.flags).__module__)
try:
    type(sys.flags)()
except TypeError as e:
    print(e)
try:
    sys.flags.foo = 1
except AttributeError as e:
    print(e)
match sys.version_info:
    case (3, minor, *_):
        print("minor", minor)
print(sys.version_info.__doc__)
