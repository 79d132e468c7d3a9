count = 0
def bump():
    count += 1
    return count
try:
    bump()
except UnboundLocalError as e:
    print("caught:", e)
def later():
    print(v)
    v = 3
later()
