class FakeFile:
    def __init__(self):
        self.lines = []
        self.closed = False
    def write(self, s):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        self.lines.append(s)
        return len(s)
    def close(self):
        self.closed = True
    def __enter__(self):
        return self
    def __exit__(self, *a):
        self.close()
f = FakeFile()
with f as out:
    print("hello", "world", file=out)
    print("second", end="!", file=out)
print(f.lines, f.closed)
try:
    f.write("x")
except ValueError as e:
    print(e)
