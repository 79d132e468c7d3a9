import sys
try:
    sys.exit(5)
except SystemExit as e:
    print("caught code", e.code)
try:
    raise SystemExit("msg", 2)
except SystemExit as e:
    print("code", e.code)
try:
    exit_fn = sys.exit
    exit_fn(None)
except SystemExit as e:
    print("none code", e.code)
print("done")
raise SystemExit(7)
