# What site.addpackage does with each .pth file: io.TextIOWrapper(io.open_code(path),
# encoding="locale"), iterated line by line in a with block; and closing a text file closes
# its binary layer.
import io
import os
import tempfile

with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, 'x.pth')
    with open(path, 'wb') as f:
        f.write(b'# comment\n../lib\r\nimport sys\nlast line without newline')
    b = io.open_code(path)
    t = io.TextIOWrapper(b, encoding="locale")
    print(type(t).__name__, isinstance(t, io.TextIOWrapper), t.buffer is b, t.name == path)
    print(t.encoding.lower().replace('-', '').replace('_', ''), t.errors, t.closed, b.closed)
    with t:
        for n, line in enumerate(t):
            print(n, repr(line))
    print(t.closed, b.closed)

    t = io.TextIOWrapper(open(path, 'rb'), newline='')
    print(t.readlines())
    t.close()
    t = io.TextIOWrapper(open(path, 'rb'), encoding='latin-1', errors='replace')
    print(repr(t.read(9)), t.encoding, t.errors)
    t.close()
    try:
        io.TextIOWrapper(open(path, 'rb'), encoding='no-such-encoding')
    except LookupError as e:
        print('LookupError:', e)

    f = open(path)
    fb = f.buffer
    f.close()
    print(f.closed, fb.closed)
    with open(path, 'rb') as raw:
        raw.read(3)
        t = io.TextIOWrapper(raw, encoding='utf-8')
        print(repr(t.readline()))
