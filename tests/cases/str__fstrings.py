name, n, pi = "Ada", 42, 3.14159265
print(f"{name} has {n} items, pi={pi:.3f}")
print(f"{name!r} {name!s} {name!a} {'é'!a}")
print(f"{n:5d}|{n:<5}|{n:^7}|{n:>+6}|{n:08.2f}|{n:x}|{n:#o}|{n:#b}|{n:,}")
print(f"{1234567.891:,.2f} {0.5:%} {0.123:.1%} {1e10:e} {12345.678:.3g} {123:e}")
width, prec = 10, 2
print(f"[{pi:{width}.{prec}f}] [{name:*^{width}}] [{pi:{'>'}{width}}]")
print(f"{n=} {pi=:.2f} {name = } {n*2=}")
print(f"{{literal braces}} {n}%")
items = {"a": 1}
print(f"{items['a']} {items!r} {[x * 2 for x in range(3)]} {(lambda: 'lam')()}")
print(f"{'nested ' + f'{n}'}")
print(f"{3 if n > 10 else 4}", f"{n:{'d'}}", f"{-0.0} {float('inf')} {float('nan')}")
print(f"""multi
{name}
line""")
print(f"{'tab':>6}|{True}|{None}|{b'x'}|{3+4j}")
