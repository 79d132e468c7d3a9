"""pyrite's import system seen through importlib.

``sys.meta_path`` starts with ``_pyrite.PyriteFinder``, which hands ``find_spec`` to this
module. The specs and loaders built here find and run modules exactly as pyrite's ``import``
statement does (same search order, same ``__pycache__`` files), so ``importlib.import_module``,
``importlib.util.find_spec``, ``pkgutil`` and ``runpy`` work on modules not imported yet.
"""

import _pyrite
from importlib._bootstrap import ModuleSpec


class SourceFileLoader:
    """Loads a source module with pyrite's compiler and bytecode cache (the role of
    importlib's SourceFileLoader)."""

    def __init__(self, fullname, path):
        self.name = fullname
        self.path = path

    def __eq__(self, other):
        return self.__class__ == other.__class__ and self.__dict__ == other.__dict__

    def __hash__(self):
        return hash(self.name) ^ hash(self.path)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        _pyrite.exec_source(module, self.name, self.path)

    def is_package(self, fullname):
        filename = self.path.rpartition("/")[2]
        return filename.rpartition(".")[0] == "__init__"

    def get_filename(self, fullname=None):
        return self.path

    def get_data(self, path):
        with open(path, "rb") as f:
            return f.read()

    def get_code(self, fullname):
        return _pyrite.get_code(fullname, self.path)

    def get_source(self, fullname):
        from importlib._bootstrap_external import decode_source

        return decode_source(self.get_data(self.path))

    def get_resource_reader(self, module):
        from importlib.readers import FileReader

        return FileReader(self)

    def load_module(self, fullname):
        from importlib._bootstrap import _load_module_shim

        return _load_module_shim(self, fullname)


class BuiltinLoader:
    """Loads pyrite's native modules (the role of importlib's BuiltinImporter)."""

    @staticmethod
    def create_module(spec):
        return _pyrite.create_builtin(spec.name)

    @staticmethod
    def exec_module(module):
        pass

    @staticmethod
    def is_package(fullname):
        return False

    @staticmethod
    def get_code(fullname):
        return None

    @staticmethod
    def get_source(fullname):
        return None


def find_spec(fullname, path=None, target=None):
    found = _pyrite.find_module(fullname, path)
    if found is None:
        return _pyrite.find_in_archives(fullname, path)
    kind, origin, locations = found
    if kind == "builtin":
        return ModuleSpec(fullname, BuiltinLoader, origin="built-in")
    if kind == "namespace":
        spec = ModuleSpec(fullname, None, is_package=True)
        spec.submodule_search_locations = locations
        return spec
    spec = ModuleSpec(fullname, SourceFileLoader(fullname, origin), origin=origin, is_package=locations is not None)
    spec.has_location = True
    spec.cached = _pyrite.cache_path(origin)
    if locations is not None:
        spec.submodule_search_locations = locations
    return spec


def find_distributions(*args, **kwargs):
    """Installed distributions on the search path, for importlib.metadata: the standard
    library's own search of sys.path for .dist-info and .egg-info directories."""
    from importlib.metadata import MetadataPathFinder

    return MetadataPathFinder.find_distributions(*args, **kwargs)


class FileFinder:
    """The path-entry finder for one directory (the role of importlib's FileFinder), made by
    ``sys.path_hooks``' ``_pyrite.path_hook``."""

    def __init__(self, path):
        self.path = path or "."

    def __repr__(self):
        return f"FileFinder({self.path!r})"

    def find_spec(self, fullname, target=None):
        return find_spec(fullname, [self.path], target)

    def invalidate_caches(self):
        pass

    def iter_modules(self, prefix=""):
        # What pkgutil.iter_modules asks of a path-entry finder: the same listing it makes
        # for importlib's FileFinder.
        import pkgutil

        return pkgutil._iter_file_finder_modules(self, prefix)


def path_hook(path):
    import os

    if not os.path.isdir(path or "."):
        raise ImportError("only directories are supported", path=path)
    return FileFinder(path)


def _find_in_archives(fullname, entries, target):
    """Zip archives on the search path (a ``.pyz`` or ``.zip`` on ``sys.path``; ``entries``
    are the search path's files) are searched by CPython's own ``zipimport``, as its path hook
    does."""
    import sys

    for entry in entries:
        finder = sys.path_importer_cache.get(entry)
        if finder is None:
            import zipimport

            try:
                finder = zipimport.zipimporter(entry)
            except zipimport.ZipImportError:
                continue
            sys.path_importer_cache[entry] = finder
        spec = finder.find_spec(fullname, target)
        if spec is not None:
            return spec
    return None
