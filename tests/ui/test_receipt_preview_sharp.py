"""The receipt on screen is drawn in the screen's own pixels: at 150 % scaling its 300-pixel-wide picture is
450 pixels of the screen (a 300-pixel picture stretched to them is blurred), as wide on screen as at 100 %.
Qt takes the scale from QT_SCALE_FACTOR as it starts, so each scale is a process of its own."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from terminal.home import Home
from tests.helpers.store import hire_staff, new_till, sell

pytestmark = [pytest.mark.gui]
ROOT = Path(__file__).resolve().parents[2]


def shown_at(scale: str, tmp_path: Path) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": scale, "LC_CTYPE": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-m", "tests.ui.test_receipt_preview_sharp", str(tmp_path / "store")],
                          cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


@pytest.mark.parametrize(("scale", "pixels"), [("1", 300), ("1.5", 450), ("1.25", 375)])
def test_the_receipt_is_drawn_in_the_screens_pixels(tmp_path: Path, scale: str, pixels: int) -> None:
    shown = shown_at(scale, tmp_path)
    assert shown["screen_ratio"] == float(scale)
    assert shown["pixmap_ratio"] == float(scale)
    assert shown["pixmap_pixels"] == pixels  # the screen's pixels, each one drawn
    assert shown["on_screen"] == 300  # as wide as at 100 %
    assert shown["text"]


def main(root: Path) -> None:
    """In the child: a sale's receipt shown in the preview, and what its picture is made of, as JSON."""
    from ui.context import build_context
    from ui.qt import widgets
    from ui.tasks import Tasks
    from ui.widgets.receipt_preview import ReceiptPreview, render_receipt

    app = widgets.QApplication([sys.argv[0]])
    till = new_till(Home(root))
    hire_staff(till)
    sale = sell(till, None, ("general", 12_800))
    ctx = build_context(till, Tasks())
    preview = ReceiptPreview()
    preview.resize(preview.sizeHint().width(), 500)
    preview.show()
    preview.show_receipt(render_receipt(ctx.printing, sale.sale_id))
    app.processEvents()
    pixmap = preview.paper.pixmap()
    print(json.dumps({"screen_ratio": preview.devicePixelRatioF(), "pixmap_ratio": pixmap.devicePixelRatio(),
                      "pixmap_pixels": pixmap.width(), "on_screen": round(pixmap.deviceIndependentSize().width()),
                      "text": preview.picture is not None and "128.00" in preview.picture.text}))
    sys.stdout.flush()
    ctx.tasks.shutdown()
    os._exit(0)  # the interpreter's own exit can trip over Qt's objects (see tests/conftest.py)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
