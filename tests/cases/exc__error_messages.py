tests = [
    "1 + 'a'", "'a' + 1", "[1][5]", "{}['k']", "None.x", "len(5)", "int('abc')", "undefined_name",
    "(1).foo", "[].pop()", "1/0", "1 // 0", "2 ** -1 / 0", "'abc'.index('z')", "[1, 2].index(3)",
    "float('x')", "abs('a')", "iter(5)", "next(iter([]))", "object() < object()", "[] < 1",
    "list.append()", "x, y = (1,)", "a, = [1, 2]", "'%d' % 'x'", "'{}'.format()", "tuple()[0]",
    "hash([])", "{[1]: 2}", "sum(['a'])", "max()", "min([])", "divmod(1, 0)", "chr(-1)", "ord('ab')",
    "print(end=5)", "int(None)", "'x' * 'y'", "[1] * 'a'", "str.upper()", "(lambda x: x)()",
    "(lambda x: x)(1, 2)", "dict(1)", "set(1)", "range('a')", "range(1, 2, 0)", "bytes('x')",
    "1 in 5", "'a' in 5", "import nonexistent_mod_xyz", "from os import nothing_here", "del undefined_y",
    "getattr(1, 'zz')", "setattr(1, 'zz', 2)", "int.bad_attr", "type('X', (1,), {})", "isinstance(1, 2)",
    "[].sort(key=1)", "sorted([1, 'a'])", "round('x')"
]
for t in tests:
    try:
        exec(t)
        print("no error:", t)
    except Exception as e:
        msg = str(e)
        if isinstance(e, ImportError) and " (" in msg:
            msg = msg.split(" (")[0]  # drop the module's file path, which differs per machine
        print(f"{t!r:35} -> {type(e).__name__}: {msg}")
