"""The `jifen` console script's routing (ui/entry.py): the app, the demo and the command line."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import ui.demo
from ui.entry import main

JIFEN = Path(sys.executable).with_name("jifen")
NO_DISPLAY = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


def jifen(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in NO_DISPLAY and not k.startswith(("JIFEN_", "LC_", "LANG"))}
    return subprocess.run([str(JIFEN), *args], check=False, capture_output=True, text=True, encoding="utf-8",
                          env=env | {"JIFEN_HOME": str(home), "LANG": "en_US.UTF-8"}, timeout=120)


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux desktops can be without a display")


@linux_only
def test_the_app_without_a_display_says_so_in_one_line(tmp_path: Path) -> None:
    done = jifen(home=tmp_path / "store")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("jifen needs a display (DISPLAY and WAYLAND_DISPLAY are not set): run it on the desktop, "
                           "or check the app without one with `jifen --selftest`.\n")
    assert not (tmp_path / "store").exists()


@linux_only
def test_the_app_without_a_display_with_json_is_the_error_object(tmp_path: Path) -> None:
    done = jifen("--json", home=tmp_path / "store")
    assert (done.returncode, done.stderr) == (2, "")
    assert json.loads(done.stdout)["error"] == "no_display"


@linux_only
@pytest.mark.parametrize("argv", [["--home", "{home}", "demo"], ["--json", "demo"], ["demo", "--home", "{home}"]])
def test_the_common_options_may_come_before_demo(tmp_path: Path, argv: list[str]) -> None:
    done = jifen(*[word.format(home=tmp_path / "demo") for word in argv], home=tmp_path / "store")
    assert done.returncode == 2
    assert done.stderr.startswith("jifen demo needs a display") and "invalid choice" not in done.stderr


def test_demo_gets_its_home_and_its_own_options(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[list[str]] = []

    def run_demo(argv: list[str]) -> int:
        seen.append(argv)
        return 0

    monkeypatch.setattr(ui.demo, "run_demo", run_demo)
    assert main(["--home", str(tmp_path), "--json", "demo", "--no-ledger", "--lang", "zh"]) == 0
    assert main(["demo", "--help"]) == 0
    assert seen == [["--home", str(tmp_path), "--no-ledger", "--lang", "zh"], ["--help"]]


def test_demo_is_listed_in_the_help(tmp_path: Path) -> None:
    done = jifen("--help", home=tmp_path)
    assert done.returncode == 0
    assert any(line.split()[:1] == ["demo"] for line in done.stdout.splitlines())


def test_demo_help_is_the_demos_own(tmp_path: Path) -> None:
    done = jifen("demo", "--help", home=tmp_path)
    assert done.returncode == 0 and "--no-ledger" in done.stdout


def test_the_selftest_given_with_a_command_runs_neither(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(tmp_path), "--selftest", "report", "day"]) == 2
    assert capsys.readouterr() == ("", "--selftest runs on its own: jifen --selftest\n")
    assert not tmp_path.joinpath("jifen.db").exists()
