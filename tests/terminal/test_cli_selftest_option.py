"""`--selftest` is a top-level option of `jifen` (cli.md): the help lists it, and it runs on its own,
never in place of a command it is given with."""

from pathlib import Path

import pytest

from terminal.cli.main import main
from tests.helpers.cli import run_jifen


def test_the_help_lists_the_selftest(tmp_path: Path) -> None:
    done = run_jifen("--help", env={"JIFEN_HOME": str(tmp_path)})
    assert done.returncode == 0
    assert "[--selftest]" in done.stdout
    assert any(line.split()[:1] == ["--selftest"] for line in done.stdout.splitlines())


def test_the_selftest_with_a_command_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(tmp_path), "--selftest", "report", "day"]) == 2
    assert capsys.readouterr() == ("", "--selftest runs on its own: jifen --selftest\n")
    assert not tmp_path.joinpath("jifen.db").exists()


def test_the_selftest_is_not_an_option_of_a_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(tmp_path), "report", "day", "--selftest"]) == 2
    assert "unrecognized arguments: --selftest" in capsys.readouterr().err
