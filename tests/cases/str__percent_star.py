print(repr('%*d|%-*s|%.*f|%*.*f' % (-5, 3, 4, 'a', 2, 3.14159, 8, 3, 2.5)), repr(b'%*d|%.*s' % (4, 7, 2, b'xyz')))
for f, a in [('%*d', ('x', 1)), ('%.*d', (2**70, 1)), ('%99999999999999999999d', 1), ('%.9999999999d', 1)]:
    try: print(f % a)
    except Exception as e: print(type(e).__name__, e)
