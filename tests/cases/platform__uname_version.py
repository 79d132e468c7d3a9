# os.uname() is a posix.uname_result struct sequence; platform parses sys.version (its
# python_version/python_implementation/python_build raise on an unknown layout);
# time._STRUCT_TM_ITEMS.
import os
import platform
import sys
import time

u = os.uname()
print(type(u).__name__, type(u).__module__, len(u), u.n_fields, u.sysname, u.machine == platform.machine())
print(u[0] == u.sysname, list(u)[4] == u.machine, repr(u).startswith("posix.uname_result(sysname="))
print(platform.python_version(), platform.python_implementation(), platform.python_version_tuple())
print(len(platform.python_build()), platform.system(), platform.uname().machine == u.machine)
print(sys.version.split()[0], time._STRUCT_TM_ITEMS)
