# Start-up options that change what `site` does: -S (no site), -s and PYTHONNOUSERSITE (no
# user site), -I (isolated: no user site, no environment, no sys.path[0]), -E (environment
# ignored), as sys.flags and the interpreter state show them.
import os
import subprocess
import sys

code = (
    "import sys, builtins\n"
    "print('site' in sys.modules, sys.flags.no_site, sys.flags.no_user_site, sys.flags.isolated,"
    " sys.flags.ignore_environment)\n"
    "print(any(p.endswith('site-packages') for p in sys.path), hasattr(builtins, 'exit'),"
    " sys.path[0] == '')\n"
    "import site\n"
    "print(site.ENABLE_USER_SITE)\n"
)
env = {k: v for k, v in os.environ.items() if k != 'PYTHONNOUSERSITE'}
for opts, extra in [([], {}), (['-S'], {}), (['-s'], {}), (['-I'], {}), (['-E'], {}),
                    ([], {'PYTHONNOUSERSITE': '1'}), (['-E'], {'PYTHONNOUSERSITE': '1'}),
                    (['-S', '-s'], {}), (['-Is'], {})]:
    r = subprocess.run([sys.executable, *opts, '-c', code], env={**env, **extra},
                       capture_output=True, text=True)
    print(opts, extra)
    print(r.stdout, end='')
    print(r.returncode, r.stderr)
