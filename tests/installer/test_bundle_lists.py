"""The bundle's lists (installer/bundle.py, used by installer/jifen.spec on Linux and Windows) cover
what PyInstaller cannot see: modules loaded by name, package data read from a folder, Qt modules."""

import ast
import fnmatch
import sys
import tomllib
from pathlib import Path

import pytest

from terminal.version import VERSION_FILE
from tests.installer import ROOT, load_installer_module

bundle = load_installer_module("bundle")
PACKAGES = ("terminal", "printing", "sync", "ledger", "ui")


def sources() -> list[Path]:
    return [path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
            if "migrations" not in path.parts]


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def dynamic_imports(path: Path) -> list[ast.Call]:
    calls = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in ("__import__", "import_module"):
                calls.append(node)
    return calls


def test_every_module_loaded_by_name_is_listed() -> None:
    """An import by name is either a standard-library module or one of the listed hidden imports;
    python-escpos's printer modules are named by printing/escpos_lib.py's table."""
    from printing.escpos_lib import _DEVICES

    unexplained = []
    for path in sources():
        for call in dynamic_imports(path):
            arg = call.args[0] if call.args else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                top = arg.value.split(".")[0]
                if top not in sys.stdlib_module_names and arg.value not in bundle.HIDDEN_IMPORTS:
                    unexplained.append(f"{path.relative_to(ROOT)}:{call.lineno} {arg.value}")
            elif path.relative_to(ROOT).as_posix() != "printing/escpos_lib.py":
                unexplained.append(f"{path.relative_to(ROOT)}:{call.lineno} (a computed name)")
    assert unexplained == [], "add these to installer/bundle.py HIDDEN_IMPORTS (and this test)"
    for module, _class, _package in _DEVICES.values():
        assert f"escpos.printer.{module}" in bundle.HIDDEN_IMPORTS


def test_the_modules_started_by_command_words_are_listed() -> None:
    """ui/entry.py imports the self-test, the demo and the app only when asked for them."""
    entry = ROOT / "ui" / "entry.py"
    tree = ast.parse(entry.read_text(encoding="utf-8"))
    lazy = {node.module for function in tree.body if isinstance(function, ast.FunctionDef)
            for node in ast.walk(function) if isinstance(node, ast.ImportFrom) and node.module}
    assert lazy, "ui/entry.py no longer imports anything lazily: update this test"
    assert lazy <= set(bundle.HIDDEN_IMPORTS)
    assert {"ui.selftest", "ui.demo", "ui.app", "ledger.cli"} <= set(bundle.hidden_imports())


def test_the_databases_and_the_web_server_are_listed() -> None:
    listed = set(bundle.HIDDEN_IMPORTS)
    assert {"sqlalchemy.dialects.sqlite", "sqlalchemy.dialects.postgresql.psycopg", "psycopg_binary"} <= listed
    assert {"uvicorn.protocols.http.h11_impl", "uvicorn.loops.asyncio", "uvicorn.lifespan.on"} <= listed


def test_qt_modules_in_use_are_kept_and_only_they() -> None:
    used = {name.split(".")[1] for path in sources() for name in imported_modules(path)
            if name.startswith("PySide6.") and name.split(".")[1].startswith("Qt")}
    assert used, "no Qt import found: is ui/ still there?"
    assert used <= set(bundle.QT_USED), f"add to QT_USED: {sorted(used - set(bundle.QT_USED))}"
    assert not set(bundle.QT_USED) & set(bundle.QT_EXCLUDED)


def test_nothing_the_app_imports_is_excluded() -> None:
    imported = {name for path in sources() for name in imported_modules(path)}
    for excluded in bundle.EXCLUDES:
        clash = sorted(name for name in imported if name == excluded or name.startswith(excluded + "."))
        assert clash == [], f"{excluded} is excluded from the bundle but imported: {clash}"


def test_dropped_qt_parts_spare_what_the_app_needs() -> None:
    kept = ["PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
            "PySide6/Qt/plugins/platforms/qwindows.dll", "PySide6/Qt/lib/libQt6Charts.so.6",
            "PySide6/Qt/translations/qtbase_zh_CN.qm", "PySide6/translations/qtbase_zh_CN.qm",
            "PySide6/Qt/plugins/imageformats/libqjpeg.so", "ui/translations/jifen_zh_CN.qm"]
    dropped = ["PySide6/Qt/plugins/platforms/libqwayland.so", "PySide6/Qt/lib/libQt6Quick.so.6",
               "PySide6/Qt/translations/qtbase_de.qm", "PySide6/Qt/plugins/platformthemes/libqgtk3.so"]
    assert [path for path in kept if bundle.dropped(path)] == []
    assert [path for path in dropped if not bundle.dropped(path)] == []


def test_the_version_file_name_is_the_same_everywhere() -> None:
    # jifen.spec writes bundle.VERSION_FILE, terminal.version's own; the Linux build script names it too
    assert VERSION_FILE in (ROOT / "installer" / "build-linux.sh").read_text(encoding="utf-8")


def test_the_version_comes_from_pyproject_unless_overridden(monkeypatch: pytest.MonkeyPatch) -> None:
    with (ROOT / "pyproject.toml").open("rb") as f:
        declared = tomllib.load(f)["project"]["version"]
    monkeypatch.delenv(bundle.VERSION_ENV, raising=False)
    assert bundle.version() == declared
    monkeypatch.setenv(bundle.VERSION_ENV, "9.8.7")
    assert bundle.version() == "9.8.7"


class TestData:
    """Needs PyInstaller (the installer extra) to ask it what it would collect."""

    @pytest.fixture(autouse=True)
    def _pyinstaller(self) -> None:
        pytest.importorskip("PyInstaller")

    def test_package_data_is_collected_where_the_code_looks_for_it(self) -> None:
        """Every file pyproject.toml ships as package data (migrations, rules, translations) goes
        into the bundle at its package path: Alembic reads terminal/migrations as a folder."""
        with (ROOT / "pyproject.toml").open("rb") as f:
            package_data = tomllib.load(f)["tool"]["setuptools"]["package-data"]
        collected = {(Path(source).resolve(), Path(dest).as_posix()) for source, dest in bundle.own_data()}
        missing = []
        for package, patterns in package_data.items():
            for pattern in patterns:
                for path in sorted((ROOT / package).glob(pattern)):
                    if "__pycache__" in path.parts or not path.is_file():
                        continue
                    dest = path.parent.relative_to(ROOT).as_posix()
                    if (path.resolve(), dest) not in collected:
                        missing.append(f"{path.relative_to(ROOT)} -> {dest}")
        assert missing == []
        versions = {source.name for source, dest in collected if dest == "terminal/migrations/versions"}
        assert {p.name for p in (ROOT / "terminal/migrations/versions").glob("*.py")} <= versions
        assert any(dest == "ledger/migrations" and source.name == "env.py" for source, dest in collected)

    def test_python_escpos_printer_database_and_time_zones_are_collected(self, tmp_path: Path) -> None:
        version_file = tmp_path / VERSION_FILE
        version_file.write_text("1.2.3\n")
        datas = bundle.datas(version_file)
        assert any(Path(source).name == "capabilities.json" and dest == "escpos" for source, dest in datas)
        assert any(dest.startswith("tzdata/zoneinfo/Asia") for _source, dest in datas)
        assert (str(version_file), ".") in datas

    def test_no_python_caches_go_in(self) -> None:
        assert not [source for source, _dest in bundle.own_data() if fnmatch.fnmatch(source, "*__pycache__*")]
