"""Keeping libraries' optional integrations out of a screening process.

pyarrow imports pandas the first time it converts a Python value (to ask whether it is a pandas
object), and pint imports dask when it is imported (to support dask arrays). Screening uses neither
integration, and the two imports cost more CPU than judging a few thousand trials (pandas ~0.4 s,
dask ~0.3 s). :func:`without_unused` keeps them out while screening runs, only when they are not
imported yet (a caller holding pandas tables keeps them), and lets them in again afterwards:

* pandas: an import of it raises ImportError (a finder placed first); pyarrow takes that as "no
  pandas" and tries again on the first real use (pandas-shim ``_check_import``), so a later
  ``to_pandas()`` in the same process works;
* dask: marked absent in ``sys.modules``, which is how ``importlib.util.find_spec`` (pint's test
  for dask) answers "not installed"; that pint then lacks dask arrays for the process.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager

FAILING = ("pandas",)  # imported by pyarrow (Cython reads sys.modules itself: None would be taken as the module)
NOT_FOUND = ("dask",)  # looked up by pint with importlib.util.find_spec


class _Refuse:
    """A meta path finder that makes the import of ``names`` fail."""

    def __init__(self, names: tuple[str, ...]):
        self.names = names

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in self.names:
            raise ModuleNotFoundError(f"{name} is not used while screening", name=name)
        return None


@contextmanager
def without_unused(failing: tuple[str, ...] = FAILING, not_found: tuple[str, ...] = NOT_FOUND):
    refuse = _Refuse(tuple(m for m in failing if m not in sys.modules))
    absent = [m for m in not_found if m not in sys.modules]
    for m in absent:
        sys.modules[m] = None
    sys.meta_path.insert(0, refuse)
    try:
        yield
    finally:
        sys.meta_path.remove(refuse)
        for m in absent:
            if m in sys.modules and sys.modules[m] is None:
                del sys.modules[m]
