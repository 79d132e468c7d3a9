class ModError(Exception):
    pass


def fail(what):
    helper(what)


def helper(what):
    raise ModError("failure: " + what)
