# locale.py over the native _locale in the C and C.UTF-8 locales: formatting, parsing,
# normalisation, getlocale, and its Error.
import locale
import sys

print(locale.Error is __import__("_locale").Error)
print([k for k in vars(locale) if k.startswith("LC_")])
try:
    locale.setlocale(locale.LC_ALL, "xx_NOPE.UTF-8")
except locale.Error as e:
    print("Error:", e)

for loc in ["C", "C.UTF-8"]:
    print(loc, locale.setlocale(locale.LC_ALL, loc))
    print(" getlocale", locale.getlocale(), locale.getlocale(locale.LC_NUMERIC))
    print(" encoding", locale.getencoding())
    print(" ", locale.format_string("%d|%.2f|%s|%10.3f", (1234567, 1234.5678, "x", -3.14159), grouping=True))
    print(" ", locale.format_string("%(a)d-%(b).1f", {"a": 12345, "b": 2.25}))
    print(" ", locale.str(3.25), locale.str(1e20), locale.atof("1234.5"), locale.atoi("-42"))
    print(" ", locale.delocalize("1234.56"), locale.localize("1234.56", grouping=True))
    try:
        print(" ", locale.currency(1234.5))
    except ValueError as e:
        print("  currency:", e)
    print(" ", sorted(["b", "A", "a", "B", "\u00e9", "e"], key=locale.strxfrm))
    print(" ", locale.strcoll("a", "b"), locale.strcoll("b", "a"), locale.strcoll("a", "a"))

for name in ["C", "en_US", "en_US.utf8", "de_DE@euro", "ja_JP.eucJP", "C.UTF-8", "POSIX", "fr", "xx_YY.UTF-8"]:
    print(name, "->", locale.normalize(name))
print(locale._build_localename(("en_US", "UTF-8")), locale._parse_localename("de_DE.ISO8859-1"))
locale.setlocale(locale.LC_ALL, "C")
print(locale.setlocale(locale.LC_ALL, ("C", None)) if False else "skip")
print(locale.setlocale(locale.LC_NUMERIC), locale.setlocale(locale.LC_COLLATE, "C.UTF-8"))
print(locale.getlocale(locale.LC_COLLATE))
try:
    locale.getlocale(locale.LC_ALL)
except TypeError as e:
    print("TypeError:", e)
print(sys.flags.utf8_mode in (0, 1))
