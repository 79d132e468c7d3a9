import shutil, os, zipfile, io
base = "/tmp/pyrite-shutil-case-%d" % os.getpid()
rel = lambda p: os.path.relpath(p, base)
shutil.rmtree(base, ignore_errors=True)
os.makedirs(os.path.join(base, "src", "sub"))
with open(os.path.join(base, "src", "a.txt"), "w") as f: f.write("alpha\n")
with open(os.path.join(base, "src", "sub", "b.txt"), "w") as f: f.write("beta\n")
os.chmod(os.path.join(base, "src", "a.txt"), 0o640)
dst = shutil.copy(os.path.join(base, "src", "a.txt"), os.path.join(base, "c.txt"))
print(rel(dst), oct(os.stat(dst).st_mode & 0o777), open(dst).read())
shutil.copy2(os.path.join(base, "src", "a.txt"), os.path.join(base, "d.txt"))
print(os.stat(os.path.join(base, "d.txt")).st_mtime == os.stat(os.path.join(base, "src", "a.txt")).st_mtime)
shutil.copytree(os.path.join(base, "src"), os.path.join(base, "tree"))
for root, dirs, files in sorted(os.walk(os.path.join(base, "tree"))):
    print(rel(root), sorted(dirs), sorted(files))
shutil.move(os.path.join(base, "c.txt"), os.path.join(base, "moved.txt"))
print(sorted(os.listdir(base)))
print(shutil.which("sh") is not None, shutil.which("no-such-program-xyz"))
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("x.txt", "zipped " * 10)
    z.write(os.path.join(base, "src", "a.txt"), "a.txt")
with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
    print(z.namelist(), z.read("x.txt")[:14], z.read("a.txt"))
shutil.rmtree(base)
print(os.path.exists(base))
try:
    shutil.rmtree(base)
except FileNotFoundError as e:
    print(type(e).__name__, e.strerror, e.filename == base)
print(shutil.get_terminal_size((80, 24)))
