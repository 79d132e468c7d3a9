def f():
    try:
        return "try"
    finally:
        print("finally ran")

def g():
    try:
        return "try"
    finally:
        return "finally"

def h():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed"

def loop_break():
    out = []
    for i in range(5):
        try:
            if i == 2:
                break
            out.append(i)
        finally:
            out.append("f%d" % i)
    return out

def loop_continue():
    out = []
    for i in range(4):
        try:
            if i % 2:
                continue
            out.append(i)
        finally:
            out.append("f")
    return out

def counter():
    n = 0
    while True:
        try:
            n += 1
            if n > 3:
                return n
        finally:
            n += 10
print(f(), g(), h())
print(loop_break())
print(loop_continue())
print(counter())
