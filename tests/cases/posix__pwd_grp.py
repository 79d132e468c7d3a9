# pwd and grp: lookups of the current user/group, round trips, struct sequences, errors.
import os, pwd, grp, pickle


def err(f, *a, **k):
    try:
        f(*a, **k)
        print("no error")
    except Exception as e:
        print(type(e).__name__, e.args)


p = pwd.getpwuid(os.getuid())
print(type(p).__name__, type(p).__module__, isinstance(p, tuple), len(p))
print([type(x).__name__ for x in p])
print(p.pw_uid == os.getuid(), p[2] == p.pw_uid, p.pw_name == p[0])
q = pwd.getpwnam(p.pw_name)
print(q == p, type(q) is pwd.struct_passwd)
print(pwd.struct_passwd.n_fields, pwd.struct_passwd.n_sequence_fields, pwd.struct_passwd.n_unnamed_fields)
print(pwd.struct_passwd.__match_args__)
print(repr(pwd.struct_passwd(range(7))))
print(pwd.struct_passwd(range(7)).__reduce__())
r = pickle.loads(pickle.dumps(p))
print(r == p, type(r).__name__)
all_users = pwd.getpwall()
print(type(all_users).__name__, p in all_users, all(type(x) is pwd.struct_passwd for x in all_users))
print(pwd.getpwuid(os.getuid() + False) == p)
err(pwd.getpwnam, "nosuchuser_xyz")
err(pwd.getpwuid, 999999)
err(pwd.getpwuid, -1)
err(pwd.getpwuid, -2)
err(pwd.getpwuid, 2**40)
err(pwd.getpwuid, "0")
err(pwd.getpwuid, 1.5)
err(pwd.getpwnam, 1)
err(pwd.getpwnam, b"root")
err(pwd.getpwnam, "a\0b")
err(pwd.getpwnam)
err(pwd.getpwall, 1)
err(pwd.struct_passwd, (1, 2, 3))
err(pwd.struct_passwd, 5)

g = grp.getgrgid(os.getgid())
print(type(g).__name__, type(g).__module__, len(g), [type(x).__name__ for x in g])
print(g.gr_gid == os.getgid(), all(type(m) is str for m in g.gr_mem))
print(grp.getgrnam(g.gr_name) == g, grp.getgrgid(id=os.getgid()) == g, grp.getgrnam(name=g.gr_name) == g)
print(grp.struct_group.__match_args__, grp.struct_group.n_fields)
print(repr(grp.struct_group(("a", "x", 1, ["b"]))))
print(g in grp.getgrall())
err(grp.getgrnam, "nosuchgroup_xyz")
err(grp.getgrgid, 999999)
err(grp.getgrgid, -2)
err(grp.getgrgid, 2**40)
err(grp.getgrgid, 2**70)
err(grp.getgrgid, "x")
err(grp.getgrnam, 1)
err(grp.getgrnam, "a\0b")
err(grp.getgrgid)

# Users of these modules.
print(os.path.expanduser("~" + p.pw_name) == p.pw_dir)
import pathlib, tempfile, shutil
d = pathlib.Path(tempfile.mkdtemp())
f = d / "x"
f.write_text("x")
print(f.owner() == p.pw_name, f.group() == g.gr_name)
shutil.chown(str(f), user=p.pw_name, group=g.gr_name)
print(os.stat(f).st_uid == os.getuid())
shutil.rmtree(d)
