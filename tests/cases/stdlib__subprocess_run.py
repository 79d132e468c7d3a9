import subprocess, sys
r = subprocess.run(["echo", "hi"], capture_output=True)
print(r.returncode, r.stdout, r.stderr)
print(subprocess.check_output(["sh", "-c", "echo out; echo err 1>&2"], stderr=subprocess.STDOUT))
print(subprocess.run(["sh", "-c", "exit 3"]).returncode)
try:
    subprocess.run(["definitely-not-a-program-xyz"])
except FileNotFoundError as e:
    print(type(e).__name__, e.errno, e.strerror, e.filename)
try:
    subprocess.check_call(["sh", "-c", "exit 2"])
except subprocess.CalledProcessError as e:
    print(e)
p = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
out, err = p.communicate(b"piped data\n" * 3)
print(out, err, p.returncode)
r = subprocess.run(["tr", "a-z", "A-Z"], input="hello text\n", capture_output=True, text=True)
print(repr(r.stdout))
print(subprocess.getoutput("echo getoutput"))
print(subprocess.run(["pwd"], cwd="/", capture_output=True).stdout)
try:
    subprocess.run(["pwd"], cwd="/no/such/dir")
except FileNotFoundError as e:
    print(type(e).__name__, e)
r = subprocess.run(["sh", "-c", "echo $FOO"], env={"FOO": "bar"}, capture_output=True)
print(r.stdout)
p = subprocess.Popen(["sleep", "5"]); p.kill(); print(p.wait())
try:
    subprocess.run(["sleep", "5"], timeout=0.2)
except subprocess.TimeoutExpired as e:
    print("timeout", e.cmd)
