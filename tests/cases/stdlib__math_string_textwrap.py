import math, string, textwrap
print(math.gcd(48, 18), math.lcm(4, 6), math.factorial(20), math.comb(10, 3), math.perm(5, 2))
print(math.isqrt(99), math.log(math.e), math.log2(1024), math.log10(0.001), math.hypot(3, 4))
print(math.floor(-1.5), math.ceil(1.2), math.fabs(-2), math.prod([1, 2, 3, 4]), math.inf > 1e308)
print(round(math.sin(math.pi / 2), 6), round(math.cos(0), 6), round(math.atan2(1, 1), 6), math.degrees(math.pi))
print(string.ascii_lowercase, string.digits, string.punctuation[:10])
print(string.capwords("hello   big world"), string.Template("$who likes $what").substitute(who="tim", what="kung pao"))
text = "The quick brown fox jumps over the lazy dog and keeps running far away into the hills."
print(textwrap.wrap(text, 30))
print(textwrap.fill(text, 40))
print(textwrap.shorten(text, width=30), repr(textwrap.dedent("    a\n      b\n")))
print(textwrap.indent("x\ny", "> "))
