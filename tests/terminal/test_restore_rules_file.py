"""A store restored on a new computer (README: copy keys/, then `jifen restore`) gets a rules file for the rules it
had in force, as `jifen init` gives a new store one: `jifen rules check` passes and editing it works as before."""

import shutil
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen


def test_a_store_restored_into_a_new_folder_has_its_rules_in_a_rules_file(
        jifen: Jifen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    jifen.set_rule("signup_bonus = 300")
    in_force = jifen.ok("rules", "show")
    jifen.ok("backup", str(tmp_path / "b1.db"))
    new = Jifen(tmp_path / "new-pc", monkeypatch, capsys)
    shutil.copytree(jifen.home / "keys", new.home / "keys")
    new.ok("restore", str(tmp_path / "b1.db"), by="boss")
    assert new.ok("rules", "check") == {"ok": True, "version": in_force["version"], "file": str(new.rules_file), "changes": []}
    assert new.ok("rules", "show") == in_force
    new.set_rule("signup_bonus = 400")
    assert new.ok("member", "add", "--phone", "13600136000", by="amy")["balance"] == 400
