import os
path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "pyrite_case_io__print_to_file.txt")
with open(path, "w") as out:
    print("header", file=out)
    for i in range(3):
        print(i, i * i, sep=",", file=out)
    print("no newline", end="", file=out)
with open(path) as f:
    content = f.read()
print(content)
print("---")
print(len(content), content.count("\n"))
with open(path) as f:
    rows = [line.strip().split(",") for line in f if "," in line]
print(rows, sum(int(r[1]) for r in rows))
os.remove(path)
