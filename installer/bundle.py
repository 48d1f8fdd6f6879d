"""What goes into the PyInstaller bundle, shared by the Linux build and the Windows build (both run
installer/jifen.spec) and checked by tests/installer/test_bundle_lists.py.

PyInstaller follows ``import`` statements; what it cannot see is listed here: modules loaded by
name at run time, data files read from a package's folder (Alembic migrations, translations,
python-escpos's printer database) and libraries loaded through ctypes (zbar).
"""

from __future__ import annotations

import os
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from terminal.version import VERSION_FILE  # in the bundle, next to the packages

ROOT = Path(__file__).resolve().parent.parent
NAME = "jifen"
VERSION_ENV = "JIFEN_BUILD_VERSION"  # overrides pyproject's version (the upgrade test builds N and N+1)

# Loaded by name, so PyInstaller's import analysis misses them.
HIDDEN_IMPORTS: tuple[str, ...] = (
    # ui/entry.py imports these inside `main`; listed so a refactor into importlib cannot drop them
    "ui.app",
    "ui.demo",
    "ui.selftest",
    "ledger.cli",
    # printing/escpos_lib.py: __import__(f"escpos.printer.{module}") for each connection scheme
    "escpos.printer.usb",
    "escpos.printer.serial",
    "escpos.printer.win32raw",
    "escpos.printer.cups",
    "escpos.printer.network",
    "escpos.printer.file",
    "usb.backend.libusb1",  # pyusb picks its backend by name
    # SQLAlchemy loads dialects from the URL's name; psycopg loads its compiled core by name
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql",
    "sqlalchemy.dialects.postgresql.psycopg",
    "psycopg_binary",
    # Alembic's migration scripts are loaded from files; what they import must be in the bundle
    "alembic.ddl.sqlite",
    "alembic.ddl.postgresql",
    "alembic.runtime.migration",
    "alembic.op",
    # uvicorn picks its protocol and loop implementations by name
    "uvicorn.logging",
    "uvicorn.loops.auto",
    "uvicorn.loops.asyncio",
    "uvicorn.protocols.http.auto",
    "uvicorn.protocols.http.h11_impl",
    "uvicorn.protocols.websockets.auto",
    "uvicorn.lifespan.on",
    "uvicorn.lifespan.off",
    # qrcode's image factories
    "qrcode.image.pil",
    "qrcode.image.pure",
)

# Packages whose data files are read from their own folder at run time.
DATA_PACKAGES: tuple[str, ...] = (
    "escpos",  # capabilities.json: the printer model database (--collect-data escpos)
    "tzdata",  # zoneinfo's fallback where the system has no time zone files (Windows)
)

# Our own packages' files that are not imported modules: (package, subfolder or "", include .py files).
# Alembic reads the migration scripts (.py) from the folder named by script_location, so they go in
# as files, not only as compiled modules.
OWN_DATA: tuple[tuple[str, str, bool], ...] = (
    ("terminal", "migrations", True),
    ("ledger", "migrations", True),
    ("terminal", "", False),  # default_rules.toml
    ("ui", "", False),  # translations/*.qm, demo data, icons
    ("printing", "", False),
)

# Libraries a package loads through ctypes. pyzbar: on Windows its wheel carries libzbar-64.dll and
# libiconv.dll (collected beside pyzbar, where it looks when frozen); on Linux it finds the system's
# libzbar.so.0 (package libzbar0, a dependency of the .deb) through ldconfig.
DYNAMIC_LIB_PACKAGES: tuple[str, ...] = ("pyzbar",)

# Qt: the app uses QtCore, QtGui, QtWidgets and QtCharts (ui/qt.py), the self-test QtTest; the rest stays out.
QT_USED: tuple[str, ...] = ("QtCore", "QtGui", "QtWidgets", "QtCharts", "QtTest")  # QtTest: jifen --selftest
QT_EXCLUDED: tuple[str, ...] = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtBluetooth", "QtConcurrent", "QtDataVisualization", "QtDesigner", "QtGraphs", "QtGraphsWidgets",
    "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetworkAuth",
    "QtNfc", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtQml", "QtQuick", "QtQuick3D",
    "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors",
    "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvgWidgets",
    "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick",
    "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml", "QtAxContainer",
)
EXCLUDES: tuple[str, ...] = (
    *(f"PySide6.{module}" for module in QT_EXCLUDED),
    "tkinter", "_tkinter", "PIL.ImageTk", "PIL.ImageQt",  # PIL.ImageQt would pull in a second Qt binding
    "PyQt5", "PyQt6", "pytest", "_pytest", "hypothesis", "schemathesis", "pytestqt", "IPython",
    "matplotlib", "pydoc_data",
)
# Qt parts the app never loads, dropped from the finished bundle (globs on the path inside it). The
# hooks collect every plugin of a module; the xcb, offscreen and minimal platforms stay (Wayland
# sessions run the app through XWayland), and Qt's own translations only in Chinese and English.
QT_DROPPED: tuple[str, ...] = (
    "*/plugins/egldeviceintegrations/*", "*/plugins/wayland-*/*", "*/plugins/generic/*",
    "*/plugins/networkinformation/*", "*/plugins/tls/*",
    "*/plugins/platforms/*qwayland*", "*/plugins/platforms/*qeglfs*", "*/plugins/platforms/*qminimalegl*",
    "*/plugins/platforms/*qvkkhrdisplay*", "*/plugins/platforms/*qvnc*", "*/plugins/platforms/*qlinuxfb*",
    "*/plugins/platforminputcontexts/*virtualkeyboard*", "*/plugins/platformthemes/*qgtk3*",
    "*Qt6Qml*", "*Qt6Quick*", "*Qt6VirtualKeyboard*", "*Qt6Wayland*", "*Qt6WlShell*", "*Qt6EglFS*",
    "*Qt6EglFsKms*", "*/translations/qt_help_*",
)
QT_TRANSLATIONS_KEPT: tuple[str, ...] = ("_zh_CN.qm", "_en.qm")
_SYSTEM_LIB_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/")


def dropped(dest: str) -> bool:
    path = dest.replace("\\", "/")
    if any(fnmatch(path, pattern) for pattern in QT_DROPPED):
        return True
    if fnmatch(path, "PySide6/*translations/*.qm"):
        return not path.endswith(QT_TRANSLATIONS_KEPT)
    return False


def prune(binaries: list[Any], datas: list[Any]) -> tuple[list[Any], list[Any]]:
    """Drop the Qt parts listed above, then (on Linux) the system libraries that only they needed:
    a system library PyInstaller copied in stays only while something kept links to it."""
    binaries = [entry for entry in binaries if not dropped(entry[0])]
    datas = [entry for entry in datas if not dropped(entry[0])]
    if sys.platform.startswith("linux"):
        binaries = _linked_only(binaries)
    return binaries, datas


def _linked_only(binaries: list[Any]) -> list[Any]:
    from PyInstaller.depend.bindepend import get_imports

    def system(entry: Any) -> bool:
        return "/" not in entry[0] and str(entry[1]).startswith(_SYSTEM_LIB_DIRS)

    by_name = {entry[0]: entry for entry in binaries if system(entry)}
    todo = [entry for entry in binaries if not system(entry)]
    reached: set[str] = set()
    while todo:
        entry = todo.pop()
        try:
            needed = get_imports(str(entry[1]))
        except Exception:  # noqa: BLE001, S112  (not an ELF file: nothing it links to)
            continue
        for name, _path in needed:
            if name in by_name and name not in reached:
                reached.add(name)
                todo.append(by_name[name])
    return [entry for entry in binaries if not system(entry) or entry[0] in reached]

def version() -> str:
    """The version to build: $JIFEN_BUILD_VERSION, else pyproject.toml's."""
    given = os.environ.get(VERSION_ENV, "").strip()
    if given:
        return given
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def own_data() -> list[tuple[str, str]]:
    """(source, destination) pairs of our packages' data files, for Analysis(datas=...)."""
    from PyInstaller.utils.hooks import collect_data_files

    found: list[tuple[str, str]] = []
    for package, subdir, with_py in OWN_DATA:
        found += collect_data_files(package, include_py_files=with_py, subdir=subdir or None,
                                    excludes=["**/__pycache__"])
    return found


def datas(version_file: Path) -> list[tuple[str, str]]:
    from PyInstaller.utils.hooks import collect_data_files

    found: list[tuple[str, str]] = []
    for package in DATA_PACKAGES:
        found += collect_data_files(package)
    found += own_data()
    found.append((str(version_file), "."))
    return found


def binaries() -> list[tuple[str, str]]:
    from PyInstaller.utils.hooks import collect_dynamic_libs

    found: list[tuple[str, str]] = []
    for package in DYNAMIC_LIB_PACKAGES:
        found += collect_dynamic_libs(package)
    return found


def hidden_imports() -> list[str]:
    """The listed modules that exist here (win32raw needs pywin32, cups needs pycups, selftest may
    not be written yet): a missing optional module is a run-time refusal, not a build failure."""
    from importlib.util import find_spec

    present = []
    for name in HIDDEN_IMPORTS:
        try:
            if find_spec(name) is not None:
                present.append(name)
        except (ImportError, ValueError):
            pass
    return present


def windows() -> bool:
    return sys.platform == "win32"
