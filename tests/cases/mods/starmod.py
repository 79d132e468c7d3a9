public_a = "A"
public_b = "B"
_private = "P"


def helper():
    return "helper"
