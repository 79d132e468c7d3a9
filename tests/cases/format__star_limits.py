# %-formatting with * width and precision at the limits: a C-int precision, a width no string
# could have (MemoryError, not an endless allocation).
import sys
for f in ('%.*d', '%*d', '%.*f', '%.*s'):
    try:
        print(len(f % (sys.maxsize, 1)))
    except (OverflowError, MemoryError) as e:
        print(f, type(e).__name__, e)
try:
    print(len('%.2147483648d' % 1))
except ValueError as e:
    print("ValueError", e)
print('%.*d|%*d|%-*d' % (3, 7, -4, 1, 3, 2))
