# pdb driven by a script on its stdin: set_trace stops at the next line, next/step/where/return.
import pdb, io, sys
def compute(n):
    total = 0
    for i in range(n):
        total += i
    return total

def main():
    x = 5
    out = io.StringIO()
    p = pdb.Pdb(stdin=io.StringIO("p x\nn\nn\np y\nstep\nwhere\nn\nn\np total\nreturn\nc\n"), stdout=out)
    p.use_rawinput = False
    p.set_trace()
    y = x * 2
    z = compute(y)
    print("z =", z)
    sys.stdout.write(out.getvalue().replace(__file__, "FILE"))

main()
