import sys
print("exit with 3")
try:
    sys.exit(3)
finally:
    print("finally runs")
