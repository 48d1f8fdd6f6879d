"""Tests of installer/: the bundle's lists, the launcher, the package scripts and, marked slow, the
.deb built, installed, upgraded and removed on this machine."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"


def load_installer_module(name: str) -> ModuleType:
    """installer/ is not a package the app ships: its modules are loaded from their files."""
    key = f"jifen_installer_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, INSTALLER / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]
