# A small command-line application: argparse, logging, dataclasses, enum, abc, csv, inspect,
# weakref, tempfile, json and a subprocess running this same interpreter.
import argparse, logging, sys, csv, io, dataclasses, functools, itertools, collections, contextlib, textwrap, enum, typing, abc, weakref, operator, inspect, string, time, os, tempfile, shutil, subprocess, json

logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s", stream=sys.stdout)
log = logging.getLogger("app")

@dataclasses.dataclass(order=True, frozen=True)
class Item:
    priority: int
    name: str = dataclasses.field(compare=False)
    tags: tuple = ()

class Color(enum.Enum):
    RED = 1
    GREEN = 2

class Base(abc.ABC):
    @abc.abstractmethod
    def run(self) -> int: ...

class Impl(Base):
    def run(self) -> int:
        return 42

def main(argv):
    p = argparse.ArgumentParser(prog="demo", description="A demo.")
    p.add_argument("--count", type=int, default=3)
    p.add_argument("names", nargs="*")
    p.add_argument("-v", "--verbose", action="store_true")
    ns = p.parse_args(argv)
    log.info("count=%d names=%s", ns.count, ns.names)
    items = sorted(Item(i % 3, f"n{i}") for i in range(ns.count))
    print(items[0], items[-1] > items[0], Color.GREEN, Color(1).name)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["a", "b,c", 'd"e'])
    print(buf.getvalue().strip())
    print(Impl().run(), inspect.signature(main), inspect.isabstract(Base))
    with contextlib.suppress(KeyError):
        {}["x"]
    r = weakref.ref(Impl)
    print(r() is Impl, typing.get_type_hints(Impl.run))
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "f.json")
        with open(path, "w") as f:
            json.dump({"items": [dataclasses.asdict(i) for i in items[:2]]}, f)
        print(open(path).read())
        out = subprocess.run([sys.executable, "-c", "print(6*7)"], capture_output=True, text=True)
        print("child:", out.stdout.strip(), out.returncode)
    try:
        p.parse_args(["--count", "x"])
    except SystemExit as e:
        print("exit", e.code)
    log.warning("done %s", textwrap.shorten("a " * 40, 20))

main(["--count", "5", "x", "y"])
