# Frame objects: one per executing frame, read live, outliving the frame with its locals.
import sys

def inner():
    f = sys._getframe()
    assert f is sys._getframe()
    print("same object:", f is sys._getframe(0))
    print("back is caller:", f.f_back.f_code.co_name, f.f_back is sys._getframe(1))
    print("line:", f.f_lineno)
    x = 10
    print("locals:", sorted(f.f_locals))
    print("line now:", f.f_lineno)
    return f

f = inner()
print("after return:", f.f_code.co_name, sorted(f.f_locals), f.f_locals["x"])
print("back after return:", f.f_back.f_code.co_name)
print("trace attrs:", f.f_trace, f.f_trace_lines, f.f_trace_opcodes)
print("lasti is int:", isinstance(f.f_lasti, int))
print(repr(f).startswith("<frame at 0x"), repr(f).endswith("line 13, code inner>"))

def gen():
    yield sys._getframe()
    yield 2

g = gen()
print("gi_frame before start:", g.gi_frame.f_lineno, g.gi_frame.f_code.co_name)
fr = next(g)
print("yielded own frame:", fr is g.gi_frame, g.gi_frame.f_lineno)
print("suspended f_back:", g.gi_frame.f_back)
list(g)
print("finished gi_frame:", g.gi_frame)

def writes():
    # A trace function's writes to f_locals reach the frame's variables.
    a = 1
    def t(frame, event, arg):
        if event == "line" and frame.f_code.co_name == "writes" and frame.f_lineno == 44:
            frame.f_locals["a"] = 42
        return t
    sys.settrace(t)
    sys._getframe().f_trace = t
    b = 0
    sys.settrace(None)
    return a

print("f_locals write-back:", writes())

try:
    sys._getframe().clear()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    sys._getframe().f_lineno = 3
except ValueError as e:
    print("ValueError:", e)
try:
    sys._getframe().f_trace_lines = 1
except TypeError as e:
    print("TypeError:", e)
del sys._getframe().f_trace
print(sys.gettrace(), sys.getprofile())
