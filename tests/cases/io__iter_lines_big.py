import os
path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "pyrite_case_io__iter_lines_big.txt")
with open(path, "w") as f:
    for i in range(5000):
        f.write(f"line {i} {'x' * (i % 7)}\n")
total = 0
count = 0
with open(path) as f:
    for line in f:
        count += 1
        total += len(line)
print(count, total, os.path.getsize(path))
with open(path) as f:
    data = f.read()
print(len(data), data[:12].encode(), data.splitlines()[-1])
with open(path, "rb") as f:
    chunks = 0
    while block := f.read(4096):
        chunks += 1
print("chunks", chunks)
os.remove(path)
