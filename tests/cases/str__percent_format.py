print("%d %i %s %r" % (3, 4, "s", "r"))
print("%5d|%-5d|%05d|%+d|% d" % (42, 42, 42, 42, 42))
print("%.3f %10.2f %-10.1f| %e %E %g %G" % (3.14159, 2.5, 1.25, 12345.678, 0.000123, 1e-10, 2.5e20))
print("%x %X %#x %o %#o %c %c" % (255, 255, 255, 8, 8, 65, "z"))
print("%(name)s is %(age)d" % {"name": "Al", "age": 30})
print("%s" % (1,), "%s" % [1, 2], "%s%%" % 50, "%*d|%-*d|" % (5, 1, 4, 2), "%.*f" % (2, 1.23456))
print("%s %s" % ("tuple", ("inner",)), "%r" % ("a'b",), "%a" % "é")
try:
    "%d %d" % (1,)
except TypeError as e:
    print(e)
try:
    "%d" % (1, 2)
except TypeError as e:
    print(e)
print("%.0f %.0f %.0f %.0f" % (0.5, 1.5, 2.5, -0.5))
print("%s" % None, "%s" % True, "%d" % True, "%f" % 1, "%.2e" % 0)
