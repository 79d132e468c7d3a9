total = 0
def add(n):
    global total
    total += n

for i in range(5):
    add(i)
print(total)

def create():
    global created
    created = "yes"
create()
print(created)

x = "global"
def shadow():
    x = "local"
    return x
print(shadow(), x)

def read_global():
    return x
print(read_global())

class K:
    x = "class"
    def m(self):
        return x
    y = [x for _ in range(1)]
print(K().m(), K.y)
def f():
    print(sorted(k for k in locals()))
    a = 1
    b = 2
    print(sorted(locals()))
f()
