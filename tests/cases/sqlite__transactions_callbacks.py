import sqlite3, sys
c = sqlite3.connect(':memory:')
c.executescript('''
create table a(x integer primary key, y text);
insert into a(y) values ('one');
-- comment
insert into a(y) values ('two'); /* another */
''')
print(c.execute('select * from a').fetchall(), c.in_transaction)
c.execute('insert into a(y) values (?)', ('three',))
print(c.in_transaction)
c.executescript('select 1')
print(c.in_transaction)
try: c.executescript('select 1; selec 2')
except Exception as e: print(type(e).__name__, e)
c.isolation_level = None
c.execute('insert into a(y) values (?)', ('four',))
print(c.in_transaction)
c.execute('begin')
print(c.in_transaction)
c.rollback()
print(c.in_transaction, c.execute('select count(*) from a').fetchone())
c.isolation_level = 'DEFERRED'
c.execute('insert into a(y) values (:v)', {'v': 'five'})
print(c.in_transaction)
c.isolation_level = None
print(c.in_transaction)
def auth(action, a1, a2, db, src):
    if action == sqlite3.SQLITE_READ and a2 == 'y':
        return sqlite3.SQLITE_IGNORE
    return sqlite3.SQLITE_OK
c.set_authorizer(auth)
print(c.execute('select x, y from a').fetchall())
c.set_authorizer(None)
n = [0]
def prog():
    n[0] += 1
    return 0
c.set_progress_handler(prog, 1)
c.execute('select count(*) from a').fetchall()
print(n[0] > 0)
c.set_progress_handler(None, 1)
sqlite3.enable_callback_tracebacks(True)
def hook(u): print('HOOK', u.exc_type.__name__, u.exc_value, u.err_msg)
sys.unraisablehook = hook
c.create_function('boom', 0, lambda: 1/0)
try: c.execute('select boom()')
except Exception as e: print(type(e).__name__, e)
c.create_function('bad_ret', 0, lambda: [1])
try: c.execute('select bad_ret()')
except Exception as e: print(type(e).__name__, e)
sqlite3.enable_callback_tracebacks(False)
try: c.execute('select boom()')
except Exception as e: print(type(e).__name__, e)
c.execute('create table b(data blob)')
c.execute('insert into b values (zeroblob(10))')
with c.blobopen('b', 'data', 1) as bl:
    bl.write(b'hello')
    print(len(bl), bl.tell())
    bl.seek(0)
    print(bl.read(5), bl.read())
    try: bl.write(b'x' * 20)
    except Exception as e: print(type(e).__name__, e)
try: bl.read()
except Exception as e: print(type(e).__name__, e)
print(c.execute('select data from b').fetchone())
cu = c.cursor()
cu.execute('select x from a')
print(cu.fetchone())
c.commit()
print(cu.fetchone())
def gen():
    for i in range(3): yield (f'g{i}',)
cu.executemany('insert into a(y) values (?)', gen())
print(cu.rowcount, cu.lastrowid)
print(c.execute('select ?, ?', (True, 3.0)).fetchone())
print(c.execute('select ?', (bytearray(b'ab'),)).fetchone(), c.execute('select ?', (memoryview(b'cd'),)).fetchone())
print(c.execute('select ?', (2**63 - 1,)).fetchone(), c.execute('select ?', (-2**63,)).fetchone())
print(c.execute("select 'é', 'x\u20ac'").fetchone())
print(c.execute('select * from a where x = 999').fetchone())
try: c.execute('select * from nosuch')
except Exception as e: print(type(e).__name__, e, e.sqlite_errorname)
try: c.execute('insert into nosuchtable values (1)')
except sqlite3.OperationalError as e: print(e)
try: c.execute('create table a(x)')
except sqlite3.OperationalError as e: print(e)
c.execute('create table nn(x not null)')
try: c.execute('insert into nn values (null)')
except sqlite3.IntegrityError as e: print(e, e.sqlite_errorcode)
print(repr(sqlite3.Cursor.__init__.__doc__)[:0])
d = c.serialize()
e = sqlite3.connect(':memory:'); e.deserialize(d)
print(e.execute('select count(*) from a').fetchone())
c.close(); c.close()
try: cu.fetchone()
except Exception as ex: print(type(ex).__name__, ex)
try: c.commit()
except Exception as ex: print(type(ex).__name__, ex)
try: sqlite3.connect('/nonexistent/dir/x.db')
except Exception as ex: print(type(ex).__name__, ex)
class C2(sqlite3.Connection):
    def __init__(self, *a, **k): pass
try: C2(':memory:').execute('select 1')
except Exception as ex: print(type(ex).__name__, ex)
try: sqlite3.connect(':memory:', isolation_level='bogus')
except Exception as ex: print(type(ex).__name__, ex)
print(sqlite3.connect(':memory:', isolation_level=None).isolation_level)
