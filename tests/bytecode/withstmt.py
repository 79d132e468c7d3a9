def read(path):
    with open(path) as fh, open(path) as gh:
        return fh.read() + gh.read()
