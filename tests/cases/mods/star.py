__all__ = ["exported"]
exported = "yes"
_hidden = "no"
