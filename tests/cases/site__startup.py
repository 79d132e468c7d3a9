# `site` is imported at start-up (no -S): site-packages on sys.path, the interactive helpers
# in builtins, and sys.path[0] (the script's directory) inserted after site ran.
import os
import sys

print('site' in sys.modules, sys.flags.no_site, sys.flags.no_user_site)
print(callable(exit), callable(quit), type(help).__name__, type(copyright).__name__)
print(repr(exit))
print(repr(quit))
print(repr(credits)[:20], type(license).__name__)
print(repr(help))
print(any(p.endswith('site-packages') for p in sys.path))
print(sys.path[0] == os.path.dirname(os.path.abspath(__file__)))
print(sys.path.count(sys.path[0]))

import site
print(site.ENABLE_USER_SITE, [os.path.basename(p) for p in site.getsitepackages()])
print(all(p.startswith(sys.prefix) for p in site.getsitepackages()))
print(sys.prefix == sys.base_prefix == sys.exec_prefix == sys.base_exec_prefix)
print(site.getsitepackages()[0] in sys.path)
print(site.USER_SITE.endswith(os.path.join('lib', 'python3.11', 'site-packages')))
print(site.USER_BASE == os.path.expanduser('~/.local'))
print(site.getusersitepackages() == site.USER_SITE)
print(site.PREFIXES == [sys.prefix, sys.exec_prefix])
print('_py_abc' in sys.modules)
