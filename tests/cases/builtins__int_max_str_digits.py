# The int <-> str digit limit (CVE-2020-10735 mitigation in 3.11) and sys's accessors.
import sys
print(sys.get_int_max_str_digits(), sys.flags.int_max_str_digits)
for f in (lambda: int("1" * 5000), lambda: str(10**5000), lambda: str(-(10**5000))):
    try:
        f()
    except ValueError as e:
        print("ValueError:", e)
print(int("1" * 5000, 16) > 0, int("1" * 5000, 2) > 0, len(str(10**4299)), len(hex(10**5000)))
for v in (-1, 100, 640, 0):
    try:
        sys.set_int_max_str_digits(v)
        print("set", v, sys.get_int_max_str_digits())
    except ValueError as e:
        print("ValueError:", e)
print(len(str(10**5000)))
sys.set_int_max_str_digits(maxdigits=700)
try:
    int("9" * 701)
except ValueError as e:
    print("ValueError:", e)
try:
    sys.set_int_max_str_digits("5")
except TypeError as e:
    print("TypeError:", e)
