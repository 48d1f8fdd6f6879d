"""`jifen-ledger --help` and argparse's refusals speak the locale's language, as `jifen`'s do: Chinese help and
Chinese sentences with a Chinese locale, argparse's English otherwise."""

import re
from pathlib import Path

import pytest

from ledger.cli import build_parser, main
from ledger.help_zh import HELP_ZH
from terminal.argparse_zh import OWN_HELP
from tests.helpers.help_strings import help_strings

CJK = re.compile("[\u3000-\u9fff\uff00-\uffef]")


def _help(capsys: pytest.CaptureFixture[str], *words: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*words, "--help"])
    assert done.value.code == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def _refused(capsys: pytest.CaptureFixture[str], tmp_path: Path, *words: str) -> str:
    assert main(["--db", f"sqlite:///{tmp_path / 'ledger.db'}", *words]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    return err


def test_every_description_and_option_help_has_its_chinese() -> None:
    strings = list(help_strings(build_parser()))
    assert len(strings) > 30
    assert [f"{prog}: {text!r}" for prog, text in strings if text not in HELP_ZH and text not in OWN_HELP] == []
    shown = {text for _, text in strings}
    assert [text for text in HELP_ZH if text not in shown] == []


def test_help_is_chinese_in_a_chinese_locale(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.setenv("COLUMNS", "100")
    lines = _help(capsys).splitlines()
    assert lines[0].startswith("用法：jifen-ledger [-h] [--db URL]")
    assert {"积分总账（jifen-ledger）", "位置参数：", "选项：", "  -h, --help   显示此帮助并退出"} <= set(lines)
    assert "  --db URL     sqlite:///PATH 或 postgresql+psycopg://USER@HOST:PORT/DB；未给出时取" in lines
    assert any(re.fullmatch(r" {4}migrate +创建或升级数据库结构", line) for line in lines), lines
    lines = _help(capsys, "serve").splitlines()
    assert lines[0].startswith("用法：jifen-ledger serve")
    assert "运行 HTTP API 服务" in lines
    assert any(re.fullmatch(r"  --port PORT +1 到 65535（默认 8470）", line) for line in lines), lines


def test_help_stays_english_in_an_english_locale(capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    out = _help(capsys, "serve")
    assert out.startswith("usage: jifen-ledger serve") and "\noptions:\n" in out and "run the HTTP API" in out
    assert not CJK.search(out)


@pytest.mark.parametrize("words, zh, en", [
    (("bogus",), "命令“bogus”无效，可选：migrate、backup、serve、merchant、terminal、admin-token、report、mall、offer、"
     "settle、expire（见 jifen-ledger --help）",
     "argument COMMAND: invalid choice: 'bogus' (choose from 'migrate', 'backup', 'serve', 'merchant', 'terminal', "
     "'admin-token', 'report', 'mall', 'offer', 'settle', 'expire') (see 'jifen-ledger --help')"),
    (("report", "weekly"), "命令“weekly”无效，可选：day、overdrawn、conflicts、coupon-clashes、limit-breaches"
     "（见 jifen-ledger --help）", None),
    (("serve", "--workers", "many"), "--workers：“many”不是整数：请用数字 0 到 9 书写，如 120（见 jifen-ledger --help）",
     "argument --workers: 'many' is not a whole number: write it in digits 0 to 9, like 120 (see 'jifen-ledger --help')"),
    (("serve", "--port", "http"), "--port：“http”不是端口号（见 jifen-ledger --help）",
     "argument --port: 'http' is not a port number (see 'jifen-ledger --help')"),
    (("serve", "--port", "70000"), "--port：70000 不是端口号：请给 1 到 65535 之间的数（见 jifen-ledger --help）", None),
    (("mall", "list", "--merchant"), "--merchant 后面要跟一个值（见 jifen-ledger --help）", None),
    (("migrate", "--bogus"), "无法识别的参数：--bogus（见 jifen-ledger --help）", None),
], ids=["command", "action", "int", "port", "port-range", "expected-one", "unrecognized"])
def test_argparse_refusals_are_chinese_sentences(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path, words: tuple[str, ...], zh: str, en: str | None) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert _refused(capsys, tmp_path, *words) == zh + "\n"
    if en is not None:
        monkeypatch.setenv("LANG", "en_US.UTF-8")
        assert _refused(capsys, tmp_path, *words) == en + "\n"
