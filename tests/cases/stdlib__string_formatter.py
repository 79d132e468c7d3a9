import string
print(string.ascii_letters[:5], string.digits, string.Template("$who likes $what").substitute(who="tim", what="pie"))
f = string.Formatter()
print(f.format("{0} and {name!r:>6} {x.real}", 1, name="b", x=3), list(f.parse("a{0}b{1:x}c")))
import textwrap
print(textwrap.fill("The quick brown fox jumps over the lazy dog", width=15))
print(textwrap.dedent("    a\n    b"), textwrap.shorten("hello world foo bar", width=12))
