class AppError(Exception):
    pass
def load(name):
    try:
        return {"a": 1}[name]
    except KeyError as e:
        raise AppError(f"no {name}") from e
load("b")
