"""terminal/ decodes images but never touches a camera or a window; the camera code has no Qt."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[3]
DEVICE_AND_WINDOW_CALLS = {"VideoCapture", "VideoWriter", "imshow", "namedWindow", "waitKey", "destroyAllWindows"}
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6")


def _attributes(path: Path) -> set[str]:
    return {node.attr for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(node, ast.Attribute)}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_terminal_never_opens_a_camera_or_a_window() -> None:
    used = {f"{path.relative_to(ROOT)}: {name}" for path in (ROOT / "terminal").rglob("*.py")
            for name in _attributes(path) & DEVICE_AND_WINDOW_CALLS}
    assert used == set()


def test_the_camera_and_code_commands_import_no_qt() -> None:
    for name in ("camera.py", "codes_cli.py", "member_card.py"):
        assert not {m for m in _imports(ROOT / "ui" / name) if m.split(".")[0] in QT}, name
    code = "import sys, ui.camera, ui.codes_cli; sys.exit(any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0


def test_adding_the_code_commands_does_not_load_opencv_for_every_command() -> None:
    code = ("import sys, ui.codes_cli, terminal.services.members; "
            "sys.exit(any(m in sys.modules for m in ('cv2', 'numpy', 'zxingcpp', 'qrcode')))")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0
