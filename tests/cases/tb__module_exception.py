from mods import errs

def run():
    errs.fail("deep")

print("calling")
run()
