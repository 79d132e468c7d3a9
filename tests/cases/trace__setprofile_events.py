# sys.setprofile: 'call'/'return' for Python frames (generators on each resume and yield),
# 'c_call'/'c_return'/'c_exception' around builtin calls.
import sys
def prof(frame, event, arg):
    name = arg.__name__ if event.startswith('c_') else frame.f_code.co_name
    print(event, name, frame.f_lineno)
def f(a):
    l = []
    l.append(a)
    return len(l) + sum([1, 2])
def gen():
    yield 1
    yield 2
sys.setprofile(prof)
f(1)
list(gen())
try:
    int("x")
except ValueError:
    pass
sys.setprofile(None)
print(sys.getprofile())
