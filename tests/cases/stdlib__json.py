import json
data = {"name": "pyrite", "version": [0, 1], "stable": False, "deps": None, "ratio": 0.5, "unicode": "é"}
s = json.dumps(data)
print(s)
print(json.dumps(data, indent=2, sort_keys=True))
print(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
back = json.loads(s)
print(back == data, back["version"], type(back["ratio"]).__name__)
print(json.loads('[1, 2.5, "x", true, null, {"a": {}}]'))
print(json.loads('"\\u00e9\\n"'), json.dumps("tab\there"), json.dumps([1e20, 1.5, -0.0]))
try:
    json.loads("{bad json}")
except json.JSONDecodeError as e:
    print("JSONDecodeError:", e.msg, e.pos)
try:
    json.dumps({1, 2})
except TypeError as e:
    print(e)
print(json.dumps({"b": 1, "a": 2, 3: "int key"}))
