print("asking for input")
try:
    line = input("prompt> ")
    print("got", repr(line))
except EOFError as e:
    print("EOFError:", repr(str(e)))
import sys
print(repr(sys.stdin.read()))
print(sys.stdin.readline() == "")
x = input()
