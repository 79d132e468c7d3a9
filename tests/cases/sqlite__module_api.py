import sqlite3
import _sqlite3

names = sorted(n for n in dir(_sqlite3) if not n.startswith("__"))
print(len(names))
print([n for n in names if not n.startswith("SQLITE_")])
print(_sqlite3.SQLITE_CONSTRAINT_UNIQUE, _sqlite3.SQLITE_DENY, _sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
print(sqlite3.PARSE_DECLTYPES, sqlite3.PARSE_COLNAMES, sqlite3.threadsafety, sqlite3.apilevel, sqlite3.paramstyle)
print(sqlite3.Row, sqlite3.Connection, sqlite3.Cursor, sqlite3.Blob, sqlite3.PrepareProtocol)
for e in [sqlite3.Warning, sqlite3.Error, sqlite3.InterfaceError, sqlite3.DatabaseError, sqlite3.DataError,
          sqlite3.OperationalError, sqlite3.IntegrityError, sqlite3.InternalError, sqlite3.ProgrammingError,
          sqlite3.NotSupportedError]:
    print(e.__name__, e.__module__, [b.__name__ for b in e.__mro__])
con = sqlite3.connect(":memory:")
cur = con.cursor()
print(cur.connection is con, cur.description, cur.rowcount, cur.lastrowid, cur.arraysize)
cur.arraysize = 3
print(cur.arraysize)
print(con.execute("select 1").fetchall(), sqlite3.complete_statement("select 'a;"))
try:
    con.execute("select 1", (1,))
except sqlite3.ProgrammingError as e:
    print(e)
try:
    con.execute(42)
except TypeError as e:
    print(e)
try:
    con.execute("select 1\x00")
except Exception as e:
    print(type(e).__name__, e)
try:
    sqlite3.Cursor(42)
except TypeError as e:
    print(e)
try:
    con.executemany("select ?", [(1,)])
except sqlite3.ProgrammingError as e:
    print(e)
try:
    con.execute("select ?", {"a": 1})
except sqlite3.ProgrammingError as e:
    print(e)
try:
    con.execute("select :a, :b", {"a": 1})
except sqlite3.ProgrammingError as e:
    print(e)
print(con.execute("select :a, :b", {"a": 1, "b": "two"}).fetchone())
print(con.execute("select ?1, ?2, ?1", (7, 8)).fetchone())
try:
    con.execute("select ?", (object(),))
except sqlite3.ProgrammingError as e:
    print(e)
try:
    con.execute("select ?", (2 ** 70,))
except OverflowError as e:
    print(e)
try:
    con.execute("SELEC 1")
except sqlite3.OperationalError as e:
    print(e, e.sqlite_errorcode, e.sqlite_errorname)
try:
    con.isolation_level = 1
except TypeError as e:
    print(e)
row_cur = con.cursor()
row_cur.row_factory = sqlite3.Row
r = row_cur.execute("select 1 as one, 'x' as Two").fetchone()
print(type(r).__name__, r.keys(), r["ONE"], r["two"], list(r), len(r))
try:
    r[1.5]
except IndexError as e:
    print(e)
con.row_factory = lambda c, row: {d[0]: v for d, v in zip(c.description, row)}
print(con.execute("select 1 as a, 2 as b").fetchall())
con.close()
try:
    con.cursor()
except sqlite3.ProgrammingError as e:
    print(e)
try:
    cur.execute("select 1")
except sqlite3.ProgrammingError as e:
    print(e)
