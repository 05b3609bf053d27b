"""The cell-formula module as xlwings' Windows add-in sees it, on any OS.

xlwings applies its real UDF decorators (``xlwings.udfs.xlfunc``/``xlarg``/``xlret``) only on
Windows; elsewhere they are no-ops. To write the VBA wrappers into the add-in on any machine (and to
test the formulas the way xlwings calls them), this imports the module with the real decorators,
standing in only for pywin32's modules, which xlwings.udfs imports but does not need for this.
"""

from __future__ import annotations

import importlib
import io
import sys
import types

from xlclientrank.names import UDF_MODULE


def _stand_in_for_pywin32() -> None:
    for name in ("pythoncom", "pywintypes", "win32com", "win32com.client", "win32api"):
        if name not in sys.modules:
            sys.modules[name] = types.ModuleType(name)
    # a module's attributes set through its namespace: the names xlwings.udfs reads from each
    vars(sys.modules["pythoncom"]).setdefault("CoInitialize", lambda: None)
    vars(sys.modules["pywintypes"]).setdefault("com_error", type("com_error", (Exception,), {}))
    client = sys.modules["win32com.client"]
    vars(client).setdefault("Dispatch", lambda *a, **k: None)
    vars(sys.modules["win32com"])["client"] = client


def load(module_name: str = UDF_MODULE) -> types.ModuleType:
    """Imports ``module_name`` with xlwings' Windows UDF decorators in place of the no-ops."""
    if not sys.platform.startswith("win"):
        _stand_in_for_pywin32()
    import xlwings
    from xlwings import udfs as real

    saved = {k: getattr(xlwings, k) for k in ("func", "arg", "ret", "sub")}
    for k, v in {"func": real.xlfunc, "arg": real.xlarg, "ret": real.xlret, "sub": real.xlsub}.items():
        setattr(xlwings, k, v)
    try:
        for mod in [m for m in sys.modules if m == module_name or m.startswith(module_name + ".")]:
            del sys.modules[mod]
        return importlib.import_module(module_name)
    finally:
        for k, v in saved.items():
            setattr(xlwings, k, v)


def vba_wrappers(module: types.ModuleType, addin_name: str, module_name: str = UDF_MODULE) -> str:
    """The VBA module xlwings' "Import Functions" would write, from xlwings' own generator."""
    from xlwings import udfs as real

    buf = io.StringIO()
    real.generate_vba_wrapper(module_name, module, buf, types.SimpleNamespace(Name=addin_name))
    return buf.getvalue()
