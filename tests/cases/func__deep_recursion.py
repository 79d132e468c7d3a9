import sys
sys.setrecursionlimit(100000)
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
print(depth(50000))
def boom(n):
    return boom(n + 1)
sys.setrecursionlimit(1000)
try:
    boom(0)
except RecursionError as e:
    print("RecursionError:", e)
