# warnings as CPython 3.11 shows them: default filters (DeprecationWarning shown in __main__
# only), once per location, stacklevel, filters, catch_warnings(record=True), "error".
import os
import warnings


def show(message, category, filename, lineno, file=None, line=None):
    # The file name without its directory: the case must not print absolute paths.
    print(f"{os.path.basename(filename)}:{lineno}: {category.__name__}: {message} | {line}")


warnings.showwarning = show


def f():
    warnings.warn("in f", UserWarning, stacklevel=2)


warnings.warn("old thing", DeprecationWarning)
for _ in range(3):
    warnings.warn("careful")
f()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    warnings.warn("recorded", RuntimeWarning)
    warnings.warn("twice", RuntimeWarning)
print([(w.category.__name__, str(w.message)) for w in caught])
warnings.filterwarnings("error", category=RuntimeWarning)
try:
    warnings.warn("boom", RuntimeWarning)
except RuntimeWarning as e:
    print("raised", e)
warnings.filterwarnings("ignore", message="quiet")
warnings.warn("quiet please")
print(len(warnings.filters) > 0)
