# plistlib (XML format) and xmlrpc.client marshalling over pyexpat.
import datetime
import plistlib
import xmlrpc.client

value = {
    "name": "pyrite & <friends>",
    "count": 42,
    "ratio": 0.25,
    "neg": -7,
    "big": 2**40,
    "flag": True,
    "off": False,
    "data": b"\x00\x01binary\xff",
    "when": datetime.datetime(2024, 5, 6, 7, 8, 9),
    "list": [1, "two", 3.0, [], {}],
    "nested": {"a": {"b": {"c": "deep"}}},
    "unicode": "caf\u00e9 \u20ac \U0001f600",
}
data = plistlib.dumps(value)
print(data.decode("utf-8"))
back = plistlib.loads(data)
print(back == value, sorted(back))
print(plistlib.loads(plistlib.dumps(value, sort_keys=False)) == value)
print(plistlib.loads(plistlib.dumps([1, 2, 3])))
print(plistlib.loads(b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict><key>k</key><string>v</string><key>i</key><integer>0x10</integer>
<key>r</key><real>1.5</real><key>d</key><date>2020-01-02T03:04:05Z</date></dict></plist>"""))
for bad in [b"<plist><dict><key>a</key></dict></plist>", b"<plist><foo/></plist>", b"<plist><dict>",
            b'<!DOCTYPE x [<!ENTITY e "boom">]><plist><string>&e;</string></plist>']:
    try:
        plistlib.loads(bad, fmt=plistlib.FMT_XML)
    except Exception as e:
        print(type(e).__name__, e)

print("--- xmlrpc")
s = xmlrpc.client.dumps((1, "two", 3.5, [True, None], {"k": b"bytes"}), "method", allow_none=True)
print(s)
params, method = xmlrpc.client.loads(s, use_builtin_types=True)
print(params, method)
resp = xmlrpc.client.dumps(({"result": [1, 2]},), methodresponse=True)
print(xmlrpc.client.loads(resp))
fault = xmlrpc.client.dumps(xmlrpc.client.Fault(4, "Too many"), methodresponse=True)
try:
    xmlrpc.client.loads(fault)
except xmlrpc.client.Fault as f:
    print("Fault", f.faultCode, f.faultString)
dt = xmlrpc.client.dumps((xmlrpc.client.DateTime("20240102T03:04:05"),))
print(xmlrpc.client.loads(dt)[0][0])
try:
    xmlrpc.client.loads("<methodResponse><params><param><value><int>1</int>")
except Exception as e:
    print(type(e).__name__)

print("--- cycles through parsers are collected")
import gc
import weakref
from xml.parsers import expat
class Holder:
    def __init__(self):
        self.p = expat.ParserCreate()
        self.p.StartElementHandler = self.start
    def start(self, name, attrs):
        pass
h = Holder()
h.p.Parse(b"<a/>", True)
ref = weakref.ref(h)
del h
gc.collect()
print(ref() is None)
