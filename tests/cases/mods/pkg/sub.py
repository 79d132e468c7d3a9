from .. import plain
def hello():
    return "hello from " + __name__ + " / " + plain.NAME
