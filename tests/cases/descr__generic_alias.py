# types.GenericAlias (list[int]) details, against CPython.
import types, typing

def show(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print(r)

a = list[int]
print(a, type(a), type(a) is types.GenericAlias)
print(a.__origin__, a.__args__, a.__parameters__)
print(dict[str, list[int]], tuple[int, ...], tuple[()], list[list[list[str]]])
print(list[int] == list[int], list[int] == list[str], list[int] == list, hash(list[int]) == hash(list[int]))
print(len({list[int], list[int], dict[str, int]}))
T = typing.TypeVar('T')
K = typing.TypeVar('K')
V = typing.TypeVar('V')
g = dict[K, list[V]]
print(g, g.__parameters__)
print(g[str, int], g[str, int].__parameters__)
print(list[T][int], list[T][T], dict[str, T][list[K]], dict[str, T][list[K]].__parameters__)
show(lambda: list[int][int])
show(lambda: dict[K, V][int])
show(lambda: dict[K, V][int, str, bytes])
show(lambda: isinstance([], list[int]))
show(lambda: issubclass(list, list[int]))
show(lambda: list[int]())
print(list[int]('ab'), list[int].__mro_entries__((list[int],)))
class C(list[int]):
    pass
print(C.__bases__, C.__orig_bases__, C([1]))
print(repr(list[int].__class__), list[int].__class__.__name__)
print(*tuple[int, ...], list(tuple[int, str]), [*tuple[int]])
u = (*tuple[int, ...],)
print(u, u[0].__unpacked__ if hasattr(u[0], '__unpacked__') else '-', tuple[*tuple[int, ...]] if False else '')
print(list[int] | None, int | list[str], type(list[int] | None))
print(list[int].__name__ if hasattr(list[int], '__name__') else '-', list[int].__qualname__ if hasattr(list[int], '__qualname__') else '-')
print(list[int].__module__, getattr(list[int], 'append'))
print(types.GenericAlias(list, int), types.GenericAlias(list, (int, str)), types.GenericAlias(dict, ()))
print(typing.get_origin(dict[str, int]), typing.get_args(dict[str, list[int]]))
print(list[typing.Any], list['x'], list[...], list[None], list[1], dict[str, typing.Callable[[int], str]])
print(dir(list[int]) == dir(list) if False else 'append' in dir(list[int]))
import pickle, copy
print(pickle.loads(pickle.dumps(dict[str, list[int]])), copy.copy(list[int]), copy.deepcopy(list[T]))
print(list[int].__reduce__())
show(lambda: setattr(list[int], 'x', 1))
print(list[int] is not list[int], list[int].__args__ is not None)
P = typing.ParamSpec('P')
Ts = typing.TypeVarTuple('Ts')
print(list[[T]].__parameters__, list[[int, str]], dict[T, int][list[T]])
print(tuple[*Ts].__parameters__, tuple[int, *Ts][str, bytes], tuple[*Ts][()])
print(list(iter(list[int])), next(iter(list[int])).__unpacked__, list[int].__unpacked__)
print(next(iter(tuple[int, ...])).__typing_unpacked_tuple_args__, tuple[int, ...].__typing_unpacked_tuple_args__)
print(next(iter(tuple[int, ...])) == tuple[int, ...], next(iter(tuple[int])) == next(iter(tuple[int])))
print(tuple[int, *tuple[str, ...]], tuple[*tuple[int, str]].__args__)
print(list[T].__getitem__, typing.Callable[P, int][[int, str]], dict[T, P])
show(lambda: setattr(list[int], '__origin__', 1))
show(lambda: delattr(list[int], '__args__'))
class Box(list): pass
b = types.GenericAlias(Box, int)()
print(type(b).__name__, b.__orig_class__)
print(types.GenericAlias(list, T)[int], list[T].__reduce__()[1], list[int].__class__.__module__)
print(type(list[int]).__dict__['__getitem__'], list[int].__dir__ is not None)
