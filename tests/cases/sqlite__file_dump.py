import os
import shutil
import sqlite3
import tempfile

d = tempfile.mkdtemp()
try:
    path = os.path.join(d, "test.db")
    with sqlite3.connect(path) as con:
        con.execute("create table people(id integer primary key, name text not null, age int)")
        con.executemany("insert into people(name, age) values (?, ?)", [("ann", 31), ("bob", 27), ("cy", None)])
    con.close()
    con = sqlite3.connect(path)
    for row in con.execute("select * from people order by id"):
        print(row)
    for line in con.iterdump():
        print(line)
    cur = con.execute("delete from people where age < ?", (30,))
    print("deleted", cur.rowcount, con.in_transaction)
    con.rollback()
    print(con.execute("select count(*) from people").fetchone())
    copy = sqlite3.connect(os.path.join(d, "copy.db"))
    steps = []
    con.backup(copy, pages=1, progress=lambda status, remaining, total: steps.append((status, remaining)))
    print(len(steps) > 0, copy.execute("select name from people order by name").fetchall())
    copy.close()
    ro = sqlite3.connect("file:" + path + "?mode=ro", uri=True)
    print(ro.execute("select count(*) from people").fetchone())
    try:
        ro.execute("insert into people(name) values ('x')")
    except sqlite3.OperationalError as e:
        print(type(e).__name__, e, e.sqlite_errorname)
    ro.close()
    # A second connection sees committed data only.
    other = sqlite3.connect(path, timeout=0.1)
    con.execute("insert into people(name, age) values ('dee', 40)")
    print(other.execute("select count(*) from people").fetchone())
    try:
        other.execute("insert into people(name) values ('eve')")
    except sqlite3.OperationalError as e:
        print(type(e).__name__, e)
    con.commit()
    print(other.execute("select count(*) from people").fetchone())
    other.close()
    con.close()
    print(sorted(os.listdir(d)))
finally:
    shutil.rmtree(d)
