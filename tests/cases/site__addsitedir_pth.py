# site.addsitedir: the directory joins sys.path and its .pth files are processed in name
# order: path lines (relative to the directory; missing ones skipped, no duplicates), `import`
# lines executed, comments and blank lines ignored, and a failing line ends the file. A pure-
# Python package found there imports.
import os
import sys

# Start-up already imported site, so the installed site-packages is on sys.path.
print('site' in sys.modules, any(p.endswith('site-packages') for p in sys.path))

import site
import tempfile

with tempfile.TemporaryDirectory() as d:
    sitedir = os.path.join(d, 'site-packages')
    os.makedirs(os.path.join(sitedir, 'mypkg'))
    def write(path, text):
        with open(path, 'w') as f:
            f.write(text)

    write(os.path.join(sitedir, 'mypkg', '__init__.py'), "from .util import double\nVALUE = double(21)\n")
    write(os.path.join(sitedir, 'mypkg', 'util.py'), "def double(x):\n    return 2 * x\n")
    write(os.path.join(sitedir, 'single.py'), "NAME = 'single module'\n")
    extra = os.path.join(d, 'extra')
    os.makedirs(extra)
    write(os.path.join(extra, 'extramod.py'), "X = 'from extra'\n")
    write(os.path.join(sitedir, 'b.pth'),
          "# a comment\n\n../extra\n../extra\n/nonexistent/dir/for/pth\n"
          "import sys; sys._pth_runs = getattr(sys, '_pth_runs', 0) + 1\n"
          "import sys\tas s2; s2._pth_tab = True\n")
    write(os.path.join(sitedir, 'a.pth'), "import sys; sys._pth_order = ['a']\n")
    write(os.path.join(sitedir, 'c.pth'),
          "import sys; sys._pth_order.append('c')\nimport no_such_module_for_pth\n"
          "import sys; sys._pth_after_error = True\n")
    write(os.path.join(sitedir, 'not_a_pth.txt'), "import sys; sys._txt_ran = True\n")

    before = list(sys.path)
    site.addsitedir(sitedir)
    added = [os.path.relpath(p, d) for p in sys.path if p not in before]
    print(added)
    print(sys._pth_runs, sys._pth_tab, sys._pth_order, hasattr(sys, '_pth_after_error'), hasattr(sys, '_txt_ran'))

    import mypkg
    import single
    import extramod
    print(mypkg.VALUE, single.NAME, extramod.X)
    print(os.path.relpath(mypkg.__file__, d), os.path.relpath(extramod.__file__, d))
    print(mypkg.__spec__.name, mypkg.__spec__.submodule_search_locations == [os.path.dirname(mypkg.__file__)])

    # A second time: no duplicate path entries, but the .pth import lines run again.
    site.addsitedir(sitedir)
    print(sys.path.count(sitedir), sys.path.count(extra), sys._pth_runs)

    # With known_paths given, the set is updated and returned.
    known = set()
    other = os.path.join(d, 'other')
    os.makedirs(other)
    r = site.addsitedir(other, known)
    print(r is known, sorted(os.path.relpath(p, d) for p in known), sys.path[-1] == other)
    sys.path[:] = before
