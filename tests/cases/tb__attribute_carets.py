class Config:
    name = "x"

def describe(cfg):
    return cfg.name.upper() + cfg.title.upper()

describe(Config())
