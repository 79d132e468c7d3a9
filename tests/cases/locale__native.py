# _locale natively: names and constants, setlocale query/set, localeconv, nl_langinfo,
# strcoll/strxfrm, getencoding and the gettext family, with CPython's argument errors.
import _locale


def t(f, *a, **k):
    try:
        print(repr(f(*a, **k)))
    except Exception as e:
        print(type(e).__name__, e)


print(sorted(n for n in dir(_locale) if not n.startswith("__")))
print([n for n in _locale.__dict__ if n.startswith("LC_")])
for name in sorted(dir(_locale)):
    v = getattr(_locale, name)
    if isinstance(v, int):
        print(name, v)
print(_locale.Error, _locale.Error.__module__, _locale.Error.__mro__)
print(_locale.__doc__)

for loc in ["C", "POSIX", "C.UTF-8"]:
    print(loc, "->", _locale.setlocale(_locale.LC_ALL, loc))
    for cat in ["LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE", "LC_MONETARY", "LC_MESSAGES"]:
        print(" ", cat, _locale.setlocale(getattr(_locale, cat)))
    conv = _locale.localeconv()
    print(" ", conv)
    print(" ", [(k, type(v).__name__) for k, v in conv.items()])
    for name in ["RADIXCHAR", "THOUSEP", "YESEXPR", "NOEXPR", "CRNCYSTR", "D_T_FMT", "D_FMT",
                 "T_FMT", "T_FMT_AMPM", "AM_STR", "PM_STR", "DAY_1", "ABDAY_7", "MON_12",
                 "ABMON_1", "ERA", "ERA_D_FMT", "ERA_D_T_FMT", "ERA_T_FMT", "ALT_DIGITS",
                 "_DATE_FMT"]:
        print("  ", name, repr(_locale.nl_langinfo(getattr(_locale, name))))
    words = ["b", "A", "a", "B", "\u00e9", "e", "Z", "_", "ab", "aB", "", "\u0101", "10", "9"]
    print(" ", sorted(words, key=_locale.strxfrm))
    print(" ", [_locale.strcoll(x, y) for x, y in [("a", "B"), ("a", "b"), ("b", "a"), ("abc", "abd"), ("x", "x"), ("", "a"), ("\u00e9", "e")]])
    print(" ", repr(_locale.strxfrm("h\u00e9llo")), repr(_locale.strxfrm("")))

_locale.setlocale(_locale.LC_ALL, "C.UTF-8")
print(_locale.getencoding(), _locale.nl_langinfo(_locale.CODESET))

t(_locale.setlocale)
t(_locale.setlocale, 1, "C", 3)
t(_locale.setlocale, "x")
t(_locale.setlocale, 0, 5)
t(_locale.setlocale, 0, "a\0b")
t(_locale.setlocale, 0, "no_SUCH.locale-xx")
t(_locale.setlocale, 99, "C")
t(_locale.setlocale, 99)
t(_locale.setlocale, 99, None)
t(_locale.setlocale, category=0)
t(_locale.localeconv, 1)
t(_locale.strcoll, "a")
t(_locale.strcoll, "a", 1)
t(_locale.strcoll, 1, "a")
t(_locale.strcoll, "a\0", "b")
t(_locale.strxfrm, "a\0")
t(_locale.strxfrm, 1)
t(_locale.strxfrm)
t(_locale.nl_langinfo, "x")
t(_locale.nl_langinfo, 12345)
t(_locale.nl_langinfo, -1)
t(_locale.nl_langinfo, 2**40)
t(_locale.gettext, 1)
t(_locale.gettext)
t(_locale.gettext, "hello")
t(_locale.dgettext, None, "x")
t(_locale.dgettext, "nodomain", "y")
t(_locale.dgettext, 1, "x")
t(_locale.dcgettext, None, "x", _locale.LC_MESSAGES)
t(_locale.textdomain, None)
t(_locale.bindtextdomain, "", "x")
t(_locale.bindtextdomain, "pyrite-test-domain", "/tmp")
t(_locale.bindtextdomain, "pyrite-test-domain", None)
t(_locale.bindtextdomain, "pyrite-test-domain", b"/tmp/x")
t(_locale.bindtextdomain, "pyrite-test-domain", 1)
t(_locale.bind_textdomain_codeset, "pyrite-test-domain", None)
t(_locale.bind_textdomain_codeset, "pyrite-test-domain", "UTF-8")
t(_locale.bind_textdomain_codeset, "pyrite-test-domain", None)
t(_locale.getencoding, 1)
try:
    _locale.setlocale(_locale.LC_ALL, "no_SUCH.locale-xx")
except _locale.Error as e:
    print("caught", type(e), e.args)
