# The builtin exception types whose C type sets tp_new have their own __new__ (bound to them,
# refusing other classes); the others inherit it.
import builtins

for stmt in ("ValueError.__new__(TypeError)", "ValueError.__new__(ValueError, 1).args", "ValueError.__new__.__self__",
             "KeyError.__new__.__qualname__", "OSError.__new__.__qualname__", "UserWarning.__new__(UserWarning, 'w')",
             "ArithmeticError.__new__(ZeroDivisionError)", "Warning.__new__(int)"):
    try:
        print(stmt, repr(eval(stmt)))
    except Exception as e:
        print(stmt, type(e).__name__, e)
print(sorted(n for n, v in vars(builtins).items() if isinstance(v, type) and "__new__" in vars(v)))
