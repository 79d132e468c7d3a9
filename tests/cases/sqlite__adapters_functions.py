import sqlite3, sys, datetime, decimal
c = sqlite3.connect(':memory:', detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
c.execute('create table t(d date, ts timestamp, p point, n)')
class Point:
    def __init__(self, x, y): self.x, self.y = x, y
    def __repr__(self): return f'Point({self.x}, {self.y})'
sqlite3.register_adapter(Point, lambda p: f'{p.x};{p.y}')
sqlite3.register_converter('point', lambda b: Point(*map(float, b.split(b';'))))
c.execute('insert into t values (?, ?, ?, ?)', (datetime.date(2020, 1, 2), datetime.datetime(2021, 3, 4, 5, 6, 7), Point(1, 2), 5))
print(c.execute('select * from t').fetchall())
print(c.execute('select p as "p [point]", n as "n [integer]" from t').fetchall())
print(c.execute('select p as "p [point]" from t').description)
class D:
    def __conform__(self, proto):
        if proto is sqlite3.PrepareProtocol: return 'conformed'
print(c.execute('select ?', (D(),)).fetchone())
print(sqlite3.adapt(Point(3, 4)))
try: sqlite3.adapt(object())
except Exception as e: print(type(e).__name__, e)
def f(x, y): return x * y
c.create_function('mul', 2, f, deterministic=True)
print(c.execute('select mul(3, 4), mul(2.5, 2), mul("ab", 3)').fetchone())
class Sum:
    def __init__(self): self.t = 0
    def step(self, v): self.t += v
    def finalize(self): return self.t
c.create_aggregate('mysum', 1, Sum)
c.execute('create table n(v)'); c.executemany('insert into n values (?)', [(i,) for i in range(10)])
print(c.execute('select mysum(v) from n').fetchone())
print(c.execute('select mysum(v) from n where v > 100').fetchone())
class Bad:
    def step(self, v): raise ValueError('x')
    def finalize(self): return 1
c.create_aggregate('bad', 1, Bad)
try: c.execute('select bad(v) from n').fetchone()
except Exception as e: print(type(e).__name__, e)
class BadF:
    def step(self, v): pass
    def finalize(self): 1/0
c.create_aggregate('badf', 1, BadF)
try: c.execute('select badf(v) from n').fetchone()
except Exception as e: print(type(e).__name__, e)
def rev(a, b): return (a > b) - (a < b)
c.create_collation('rev', lambda a, b: -rev(a, b))
print(c.execute("select x from (select 'a' x union select 'c' union select 'b') order by x collate rev").fetchall())
try: c.create_collation('x', 3)
except Exception as e: print(type(e).__name__, e)
c.text_factory = bytes
print(c.execute("select 'abc'").fetchone())
c.text_factory = lambda b: b.decode().upper()
print(c.execute("select 'abc'").fetchone())
c.text_factory = str
print(c.execute("select x'ff'").fetchone())
try: print(c.execute("select cast(x'ff' as text)").fetchone())
except Exception as e: print(type(e).__name__, e)
traced = []
c.set_trace_callback(traced.append)
c.execute('select ?', (5,))
c.set_trace_callback(None)
print(traced)
print(list(c.iterdump())[:5])
with c:
    c.execute('insert into n values (100)')
print(c.in_transaction)
try:
    with c:
        c.execute('insert into n values (101)')
        raise KeyError(1)
except KeyError: pass
print(c.execute('select count(*) from n').fetchone())
print(sqlite3.complete_statement('select 1;'), sqlite3.complete_statement('select 1'))
t = sqlite3.connect(':memory:')
c.backup(t)
print(t.execute('select count(*) from n').fetchone())
print(c.getlimit(sqlite3.SQLITE_LIMIT_LENGTH) > 0)
c.row_factory = sqlite3.Row
r1 = c.execute('select 1 as a').fetchone(); r2 = c.execute('select 1 as a').fetchone()
print(r1 == r2, hash(r1) == hash(r2), r1 != r2)
try: r1['zz']
except IndexError as e: print(e)
try: r1[5]
except IndexError as e: print(e)
cur = c.cursor()
print(cur.arraysize, cur.fetchone())
cur.execute('select v from n order by v')
print(len(cur.fetchmany()), len(cur.fetchmany(3)), len(cur.fetchall()))
class MyConn(sqlite3.Connection):
    pass
m = sqlite3.connect(':memory:', factory=MyConn)
print(type(m).__name__, m.execute('select 1').fetchone())
class MyCur(sqlite3.Cursor): pass
print(type(m.cursor(MyCur)).__name__)
print(sqlite3.Error.__subclasses__())
print(issubclass(sqlite3.IntegrityError, sqlite3.DatabaseError), sqlite3.Connection.Error is sqlite3.Error)
print(sqlite3.connect(":memory:").IntegrityError is sqlite3.IntegrityError)
