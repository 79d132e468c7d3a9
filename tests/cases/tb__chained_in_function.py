def load(cfg):
    try:
        return cfg["port"]
    except KeyError:
        return int(cfg["fallback"])

print(load({"port": 80}))
print(load({"fallback": "eighty"}))
