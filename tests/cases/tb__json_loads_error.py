# Tracebacks through the native JSON scanner: no frames below decoder.py's raw_decode, and
# Python hooks called by the scanner appear directly below the frame that called it.
import json
import os
import traceback

STDLIB = os.path.dirname(os.path.dirname(json.__file__))
HERE = os.path.dirname(os.path.abspath(__file__))


def show(f):
    try:
        f()
    except Exception:
        text = traceback.format_exc().replace(STDLIB, "<STDLIB>").replace(HERE, "<HERE>")
        print(text)


show(lambda: json.loads("[1,"))
show(lambda: json.loads('{bad'))
show(lambda: json.loads('{"a": "\\q"}'))
show(lambda: json.loads('[1, 2] x'))


def hook(d):
    return d["missing"]


show(lambda: json.loads('{"a": {"b": 1}}', object_hook=hook))
show(lambda: json.loads('[1.5]', parse_float=lambda s: int(s)))

scan = json.scanner.make_scanner(json.JSONDecoder())
try:
    scan("[", 0)
except StopIteration as e:
    print("StopIteration", e.value, e.__traceback__.tb_next)


def parse(doc):
    return scan(doc, 0)


parse('{"a": [1, 2] "b": 3}')
