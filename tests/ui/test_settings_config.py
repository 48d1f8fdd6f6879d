"""Changing config.toml: only the keys asked for change; other tables, keys and comments stay; any
text round-trips exactly; a layout the careful edit cannot follow is rewritten with every value kept.
(No Qt needed.)"""

import tomllib
from pathlib import Path

import pytest

from terminal.errors import Refused
from ui.screens.settings_config import update_config

ODD_TEXT = 'a "quoted" \\ back\nslash\ttab \x7f del 谢谢惠顾 \U0001f600'


def change(path: Path, text: str | None, table: str, values: dict[str, str | int | bool | None]) -> str:
    if text is not None:
        path.write_text(text, encoding="utf-8")
    update_config(path, table, values)
    return path.read_text(encoding="utf-8")


def test_a_missing_file_gets_just_the_table(tmp_path: Path) -> None:
    assert change(tmp_path / "config.toml", None, "printer", {"url": "tcp://1.2.3.4:9100", "profile": "58mm", "x": None}) \
        == '[printer]\nurl = "tcp://1.2.3.4:9100"\nprofile = "58mm"\n'


def test_keys_change_in_place_and_everything_else_stays(tmp_path: Path) -> None:
    before = ('# settings\n[printer]   # the counter printer\nurl = "tcp://old:9100"  # replaced\nfooter = "谢谢"\n\n'
              '[printer.extra]\nkeep = true\n\n[[people]]\nname = "amy"\n\n[backup]\nkeep = 30 # a month\n')
    after = change(tmp_path / "config.toml", before, "printer", {"url": "tcp://new:9100", "profile": "80mm"})
    assert after == ('# settings\n[printer]   # the counter printer\nurl = "tcp://new:9100"\nfooter = "谢谢"\n'
                     'profile = "80mm"\n\n[printer.extra]\nkeep = true\n\n[[people]]\nname = "amy"\n\n[backup]\n'
                     'keep = 30 # a month\n')


def test_a_key_set_to_none_goes(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    after = change(path, '[camera]\nsource = "0"  # the counter camera\n\n[app]\nlanguage = "zh"\n', "camera",
                   {"source": None})
    assert after == '[camera]\n\n[app]\nlanguage = "zh"\n'
    assert change(path, None, "printer", {"url": None}) == after  # nothing to set: nothing added


def test_any_text_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    change(path, "", "printer", {"footer": ODD_TEXT, "drawer": True, "answer_timeout_ms": 800})
    assert tomllib.loads(path.read_text(encoding="utf-8"))["printer"] == {
        "footer": ODD_TEXT, "drawer": True, "answer_timeout_ms": 800}


@pytest.mark.parametrize("before", [
    'printer.url = "tcp://old:9100"\n[app]\nlanguage = "en"\n',  # a dotted key instead of a table
    '[camera]\nsource = "0"\nextra = [\n  ["a", "b"],\n]\n[app]\nlanguage = "en"\n',  # a line inside starts with [
])
def test_a_layout_the_edit_cannot_follow_is_rewritten_with_every_value_kept(tmp_path: Path, before: str) -> None:
    path = tmp_path / "config.toml"
    table = "printer" if before.startswith("printer") else "camera"
    wanted = tomllib.loads(before)
    wanted.setdefault(table, {})["decoder"] = "pyzbar"
    assert tomllib.loads(change(path, before, table, {"decoder": "pyzbar"})) == wanted


def test_a_broken_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[printer\nurl = 1\n", encoding="utf-8")
    with pytest.raises(Refused) as refused:
        update_config(path, "printer", {"url": "tcp://x:9100"})
    assert "config.toml cannot be read" in refused.value.en
    assert path.read_text(encoding="utf-8") == "[printer\nurl = 1\n"
