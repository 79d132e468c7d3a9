# Docstrings and signatures of the native types of itertools, collections, functools, array
# and types (and their methods and descriptors) are CPython's.
import array
import collections
import functools
import inspect
import itertools
import types

CLASSES = {
    "count": itertools.count, "chain": itertools.chain, "deque": collections.deque,
    "partial": functools.partial, "array": array.array, "SimpleNamespace": types.SimpleNamespace,
    "mappingproxy": types.MappingProxyType, "code": types.CodeType, "frame": types.FrameType,
    "function": types.FunctionType, "generator": types.GeneratorType, "method": types.MethodType,
    "module": types.ModuleType,
}
NAMES = {'count': [], 'chain': ['from_iterable'], 'deque': ['__copy__', '__reduce__', '__reversed__', 'append', 'appendleft', 'clear', 'copy', 'count', 'extend', 'extendleft', 'index', 'insert', 'maxlen', 'pop', 'popleft', 'remove', 'reverse', 'rotate'], 'partial': ['__dict__', '__reduce__', '__setstate__', 'args', 'func', 'keywords'], 'array': ['__copy__', '__deepcopy__', '__reduce_ex__', '__sizeof__', 'append', 'buffer_info', 'byteswap', 'count', 'extend', 'frombytes', 'fromlist', 'fromunicode', 'index', 'insert', 'itemsize', 'pop', 'remove', 'reverse', 'tobytes', 'tolist', 'tounicode', 'typecode'], 'SimpleNamespace': ['__dict__', '__reduce__'], 'mappingproxy': ['__class_getitem__', '__reversed__', 'copy', 'get', 'items', 'keys', 'values'], 'code': ['co_argcount', 'co_cellvars', 'co_code', 'co_consts', 'co_filename', 'co_firstlineno', 'co_flags', 'co_freevars', 'co_kwonlyargcount', 'co_lines', 'co_name', 'co_names', 'co_nlocals', 'co_positions', 'co_posonlyargcount', 'co_qualname', 'co_stacksize', 'co_varnames', 'replace'], 'frame': ['clear', 'f_back', 'f_builtins', 'f_code', 'f_globals', 'f_lasti', 'f_lineno', 'f_locals', 'f_trace', 'f_trace_lines', 'f_trace_opcodes'], 'function': ['__builtins__', '__closure__', '__code__', '__defaults__', '__dict__', '__doc__', '__globals__', '__kwdefaults__', '__module__', '__name__', '__qualname__'], 'generator': ['__name__', '__qualname__', 'close', 'gi_code', 'gi_frame', 'gi_running', 'gi_suspended', 'gi_yieldfrom', 'send', 'throw'], 'method': ['__func__', '__reduce__', '__self__'], 'module': ['__dict__', '__dir__']}


def show(label, f):
    try:
        sig = str(inspect.signature(f))
    except (ValueError, TypeError):
        sig = "no signature"
    print(label, repr(f.__doc__), repr(getattr(f, "__text_signature__", "-")), sig)


for cname, attrs in NAMES.items():
    cls = CLASSES[cname]
    print(cname, repr(cls.__doc__))
    for attr in attrs:
        show(cname + "." + attr, getattr(cls, attr))
