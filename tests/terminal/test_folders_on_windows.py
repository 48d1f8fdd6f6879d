"""The store's folders (the store folder, backups\\) on Windows take their parent's permissions: there, from Python
3.11.10 and 3.12.4, a mode given to mkdir makes the folder owner-only (CVE-2024-4030), and the first account to make
it (often the administrator's) locks the other cashiers' accounts out. On POSIX they stay private to their owner.
These machines are Linux: Windows is the platform given to ``make_folder``."""

import ast
import stat
from pathlib import Path

import pytest

from terminal.bootstrap import PRIVATE_FOLDER
from terminal.files import make_folder

ROOT = Path(__file__).parents[2]


def _mode(folder: Path) -> int:
    return stat.S_IMODE(folder.stat().st_mode)


def test_on_posix_a_store_folder_and_its_parents_are_made_private(tmp_path: Path) -> None:
    make_folder(tmp_path / "store" / "backups", PRIVATE_FOLDER, system="posix")
    assert _mode(tmp_path / "store" / "backups") == PRIVATE_FOLDER


def test_on_windows_a_store_folder_is_made_without_a_mode(tmp_path: Path) -> None:
    (tmp_path / "as_made_by_default").mkdir()
    make_folder(tmp_path / "store" / "backups", PRIVATE_FOLDER, system="nt")
    assert _mode(tmp_path / "store" / "backups") == _mode(tmp_path / "as_made_by_default") != PRIVATE_FOLDER


def _gives_a_mode(call: ast.Call) -> bool:
    """folder.mkdir(0o700), folder.mkdir(mode=…), os.mkdir(path, 0o700), os.makedirs(path, 0o700)."""
    if not isinstance(call.func, ast.Attribute) or call.func.attr not in ("mkdir", "makedirs"):
        return False
    on_os = isinstance(call.func.value, ast.Name) and call.func.value.id == "os"
    return any(k.arg == "mode" for k in call.keywords) or len(call.args) > (1 if on_os else 0)


def _mkdirs_given_a_mode(source: Path) -> list[int]:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call) and _gives_a_mode(node)]


@pytest.mark.parametrize("package", ["terminal", "sync", "printing", "ui"])
def test_the_till_makes_folders_with_a_mode_only_through_make_folder(package: str) -> None:
    found = {str(path.relative_to(ROOT)): lines for path in sorted((ROOT / package).rglob("*.py"))
             if path != ROOT / "terminal" / "files.py" and (lines := _mkdirs_given_a_mode(path))}
    assert found == {}
