"""Which language `jifen` speaks when no locale names one (Windows sets no LANG): the store's ``[app] language``, as
the app speaks; a locale that names one comes first. A console that cannot show Chinese gets English, not ???."""

from pathlib import Path

import pytest

from tests.helpers.cli import PINS, Jifen
from tests.terminal.test_encodings_console import jifen_in


@pytest.mark.parametrize(("language", "said"), [("zh", "销售单 T1-6：合计 ￥10.00"), ("en", "Sale T1-6: total ¥10.00"),
                                                ("auto", "Sale T1-6: total ¥10.00")])
def test_without_a_locale_the_store_setting_chooses(jifen: Jifen, language: str, said: str) -> None:
    (jifen.home / "config.toml").write_text(f'[app]\nlanguage = "{language}"\n', encoding="utf-8")
    run = jifen("sale", "--line", "general:10", by="amy")
    assert (run.status, run.out.splitlines()[0], run.err) == (0, said, "")


def test_a_locale_that_names_a_language_comes_before_the_store_setting(jifen: Jifen) -> None:
    (jifen.home / "config.toml").write_text('[app]\nlanguage = "zh"\n', encoding="utf-8")
    run = jifen("sale", "--line", "general:10", by="amy", env={"LANG": "en_US.UTF-8"})
    assert run.out.splitlines()[0] == "Sale T1-6: total ¥10.00"
    assert jifen("member", "show", "13900000000", env={"LANG": "en_US.UTF-8"}).err.startswith("no member")


def test_the_store_setting_speaks_in_a_refusal_too(jifen: Jifen) -> None:
    (jifen.home / "config.toml").write_text('[app]\nlanguage = "zh"\n', encoding="utf-8")
    run = jifen("member", "show", "13900000000")
    assert (run.status, run.out) == (2, "")
    assert "会员" in run.err


def test_a_chinese_locale_on_a_console_that_cannot_show_chinese_speaks_english(jifen: Jifen) -> None:
    run = jifen_in("ascii", jifen.home, "sale", "--line", "general:10", "--cashier", "amy", JIFEN_PIN=PINS["amy"],
                   LANG="zh_CN.UTF-8")
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.splitlines()[0] == "Sale T1-6: total ?10.00"
    run = jifen_in("gbk", jifen.home, "sale", "--line", "general:10", "--cashier", "amy", JIFEN_PIN=PINS["amy"],
                   LANG="zh_CN.UTF-8")
    assert run.stdout.splitlines()[0] == "销售单 T1-7：合计 ￥10.00"


def test_a_mistyped_command_is_said_in_the_language_of_the_store_named(jifen: Jifen, tmp_path: Path) -> None:
    (jifen.home / "config.toml").write_text('[app]\nlanguage = "zh"\n', encoding="utf-8")
    run = jifen("--home", str(jifen.home), "salee", env={"JIFEN_HOME": str(tmp_path / "elsewhere")})
    assert (run.status, run.out) == (2, "")
    assert run.err.startswith("jifen：命令“salee”无效，可选：init、")
    assert "Traceback" not in jifen("--home", "a\0b", "report", "day").err  # no folder can be named so


def test_the_help_is_said_in_the_language_of_the_store_named(jifen: Jifen,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    (jifen.home / "config.toml").write_text('[app]\nlanguage = "zh"\n', encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        jifen("--home", str(jifen.home), "--help")
    assert done.value.code == 0
    seen = capsys.readouterr().out
    assert "积分收银终端（jifen）" in seen and "记录一笔销售" in seen, seen


@pytest.mark.parametrize("locale_name", ["C", "C.UTF-8", "POSIX"])
def test_a_system_locale_that_names_no_language_leaves_it_to_the_store(jifen: Jifen, locale_name: str) -> None:
    (jifen.home / "config.toml").write_text('[app]\nlanguage = "zh"\n', encoding="utf-8")
    run = jifen("sale", "--line", "general:10", by="amy", env={"LANG": locale_name})
    assert run.out.splitlines()[0] == "销售单 T1-6：合计 ￥10.00"
    run = jifen("sale", "--line", "general:10", by="amy", env={"LANG": locale_name, "LC_ALL": "C"})
    assert run.out.splitlines()[0] == "Sale T1-7: total ¥10.00"  # a script asking for English gets it
