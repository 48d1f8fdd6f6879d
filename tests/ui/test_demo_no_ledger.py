"""`jifen demo --no-ledger` runs without a ledger, and `--lang en` prints the demo's receipts in English too."""

import os
from pathlib import Path

from printing.settings import load_printer_settings
from terminal.home import Home
from tests.ui.test_demo import jifen
from ui.settings import load_app_settings


def test_the_demo_runs_without_a_ledger_and_in_english_prints_in_english(tmp_path: Path) -> None:
    home = tmp_path / "demo"
    done = jifen("demo", "--home", str(home), "--no-ledger", "--lang", "en", "--quit-after", "2",
                 env=os.environ | {"QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "the demo failed" not in done.stderr and "Ledger:" not in done.stdout
    assert "Close the window (or Ctrl+C here) to end the demo." in done.stdout
    config = Home(home).config
    assert load_app_settings(config).language == load_printer_settings(config).language == "en"
