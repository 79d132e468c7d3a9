import sqlite3, threading
con = sqlite3.connect(":memory:")
cur = con.cursor()
cur.execute("CREATE TABLE movie(title, year, score)")
res = cur.execute("SELECT name FROM sqlite_master")
print(res.fetchone())
cur.execute("""
    INSERT INTO movie VALUES
        ('Monty Python and the Holy Grail', 1975, 8.2),
        ('And Now for Something Completely Different', 1971, 7.5)
""")
con.commit()
res = cur.execute("SELECT score FROM movie")
print(res.fetchall())
data = [("Monty Python Live at the Hollywood Bowl", 1982, 7.9), ("Monty Python's The Meaning of Life", 1983, 7.5), ("Monty Python's Life of Brian", 1979, 8.0)]
cur.executemany("INSERT INTO movie VALUES(?, ?, ?)", data)
con.commit()
for row in cur.execute("SELECT year, title FROM movie ORDER BY year"):
    print(row)
other = con.cursor()
for (year,) in con.execute("select year from movie order by year"):
    other.execute("update movie set score = score + 1 where year = ?", (year,))
print(other.rowcount, con.total_changes)
print(con.execute("select max(score), min(title), avg(year), count(*), group_concat(year, '-') from movie").fetchone())
con.execute("create table kv(k text primary key, v)")
con.execute("insert or replace into kv values ('a', 1)")
cu = con.execute("insert or replace into kv values ('a', 2)")
print(cu.rowcount, cu.lastrowid)
cu = con.execute("insert into kv values ('b', 3) on conflict(k) do update set v = excluded.v")
print(cu.rowcount, con.execute("select * from kv order by k").fetchall())
print(con.execute("select typeof(?), typeof(?), typeof(?), typeof(?), typeof(?)", (1, 1.0, 'x', b'x', None)).fetchone())
print(con.execute("pragma table_info(movie)").fetchall())
print(con.execute("select json_object('a', 1)").fetchone())
r = []
def worker():
    try:
        con.execute("select 1")
    except sqlite3.ProgrammingError as e:
        r.append(type(e).__name__)
t = threading.Thread(target=worker); t.start(); t.join()
print(r)
con2 = sqlite3.connect(":memory:", check_same_thread=False)
def worker2():
    r.append(con2.execute("select 2").fetchone())
t = threading.Thread(target=worker2); t.start(); t.join()
print(r)
try:
    con.execute("insert into kv values ('a', 5)")
except sqlite3.IntegrityError as e:
    print(e, e.sqlite_errorname)
print(con.in_transaction)
con.close()
