import sys
print("to stdout")
print("to stderr", file=sys.stderr)
sys.stderr.write("second line\n")
sys.exit("fatal: giving up")
