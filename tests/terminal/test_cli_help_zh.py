"""`jifen --help` and argparse's refusals speak the shop's language: with a Chinese locale the help is Chinese
(argparse's own headings too) and a mistyped command is refused in a Chinese sentence; in English both stay
argparse's. Option names, metavars, command words and the values typed stay as they are."""

import re

import pytest

from terminal.argparse_zh import OWN_HELP, in_chinese, wrap
from terminal.cli.help_zh import HELP_ZH
from terminal.cli.main import command_line
from terminal.textwidth import width
from tests.helpers.cli import Jifen, run_jifen
from tests.helpers.help_strings import help_strings
from ui.entry import EXTENSIONS

CHINESE = {"LANG": "zh_CN.UTF-8", "COLUMNS": "100"}
ENGLISH = {"LANG": "en_US.UTF-8", "COLUMNS": "100"}
# the only English a refusal below may hold beyond the words typed: the command, option names, metavars and choices
NAMES_AND_VALUES = {"jifen", "help", "PHONE", "ID", "CODE", "cash", "card", "add", "list", "pin", "unlock", "deactivate",
                    "reactivate", "role", "image", "camera", "zh", "en"}


def _latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z_]*", text))


def test_every_description_and_option_help_has_its_chinese() -> None:
    strings = list(help_strings(command_line(EXTENSIONS).parser))
    assert len(strings) > 100
    assert [f"{prog}: {text!r}" for prog, text in strings if text not in HELP_ZH and text not in OWN_HELP] == []


def test_the_table_holds_no_english_the_command_line_no_longer_has() -> None:
    shown = {text for _, text in help_strings(command_line(EXTENSIONS).parser)}
    assert [text for text in HELP_ZH if text not in shown] == []


def test_sale_help_is_chinese_in_a_chinese_locale() -> None:
    done = run_jifen("sale", "--help", env=CHINESE)
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[0].startswith("用法：jifen sale [-h] [--home DIR]")
    assert "记录一笔销售" in lines and "选项：" in lines
    assert "  -h, --help            显示此帮助并退出" in lines
    assert "  --cashier NAME        操作人（PIN 取自 $JIFEN_PIN）" in lines
    assert "  --coupon CODE|ID      在这笔销售中使用一张优惠券" in lines
    usage = done.stdout.split("\n\n")[0]
    rest = done.stdout[len(usage):]
    # beyond the usage line, no English but option names, metavars, JSON, PIN and environment variables
    assert {w for w in _latin_words(rest) - _latin_words(usage) if not w.startswith("JIFEN_")} <= {"help", "JSON", "PIN"}


def test_help_of_a_command_with_words_lists_them_in_chinese() -> None:
    done = run_jifen("member", "--help", env=CHINESE)
    assert done.returncode == 0, done.stderr
    assert "位置参数：" in done.stdout.splitlines()
    assert re.search(r"^    show +查看一位会员$", done.stdout, re.MULTILINE), done.stdout


def test_sale_help_stays_english_in_an_english_locale() -> None:
    done = run_jifen("sale", "--help", env=ENGLISH)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("usage: jifen sale [-h]")
    assert "record a sale" in lines and "options:" in lines
    assert "  -h, --help            show this help message and exit" in lines
    assert not re.search("[\u3000-\u9fff\uff00-\uffef]", done.stdout)


def test_chinese_help_wraps_by_display_columns() -> None:
    done = run_jifen("cashier", "pin", "--help", env={**CHINESE, "COLUMNS": "60"})
    assert done.returncode == 0, done.stderr
    assert max(width(line) for line in done.stdout.splitlines()) <= 60, done.stdout
    assert "用现在的 PIN" in done.stdout.replace("\n", "")


@pytest.mark.parametrize("words, zh, en", [
    (("print", "day", "--lang", "fr"), "jifen print day：--lang 的值“fr”无效，可选：zh、en（见“jifen print day --help”）",
     "jifen print day: argument --lang: invalid choice: 'fr' (choose from 'zh', 'en') (see 'jifen print day --help')"),
    (("sale", "--pay"), "jifen sale：--pay 后面要跟一个值（见“jifen sale --help”）",
     "jifen sale: argument --pay: expected one argument (see 'jifen sale --help')"),
    (("member", "show"), "jifen member show：缺少必需的参数：PHONE|ID|CODE（见“jifen member show --help”）",
     "jifen member show: the following arguments are required: PHONE|ID|CODE (see 'jifen member show --help')"),
    (("member", "show", "13800138000", "--bogus"), "jifen：无法识别的参数：--bogus（见“jifen --help”）",
     "jifen: unrecognized arguments: --bogus (see 'jifen --help')"),
    (("cashier", "passwd"), "jifen cashier：命令“passwd”无效，可选：add、list、pin、unlock、deactivate、reactivate、role"
     "（见“jifen cashier --help”）", None),
    (("scan",), "jifen scan：--image 或 --camera 须给出其一（见“jifen scan --help”）", None),
    (("scan", "--image", "a.png", "--camera", "0"), "jifen scan：--camera 不能与 --image 同时给出（见“jifen scan --help”）",
     None),
], ids=["invalid-choice", "expected-one", "required", "unrecognized", "command-word", "one-of", "not-allowed-with"])
def test_argparse_refusals_are_chinese_sentences(jifen: Jifen, words: tuple[str, ...], zh: str, en: str | None) -> None:
    run = jifen(*words, env={"LANG": "zh_CN.UTF-8"})
    assert (run.status, run.out, run.err) == (2, "", zh + "\n")
    assert _latin_words(zh) <= _latin_words(" ".join(words)) | NAMES_AND_VALUES
    if en is not None:
        run = jifen(*words, env={"LANG": "en_US.UTF-8"})
        assert (run.status, run.err) == (2, en + "\n")


def test_a_refusal_in_json_is_chinese_too(jifen: Jifen) -> None:
    run = jifen("print", "day", "--lang", "fr", "--json", env={"LANG": "zh_CN.UTF-8"})
    assert run.status == 2 and run.json == {"error": "bad_input", "message": "jifen print day：--lang 的值“fr”无效，可选："
                                                                               "zh、en（见“jifen print day --help”）"}


@pytest.mark.parametrize("message, zh", [
    ("argument --stock: invalid int value: 'abc'", "--stock 的值“abc”不是整数"),
    ("argument --timeout: invalid float value: 'soon'", "--timeout 的值“soon”不是数字"),
    ("argument --at: invalid when value: 'x'", "--at 的值“x”无效"),
    ("argument --codes: expected at least one argument", "--codes 后面至少要跟一个值"),
    ("argument FILE: expected at most one argument", "FILE 后面最多跟一个值"),
    ("argument --pair: expected 2 arguments", "--pair 后面要跟 2 个值"),
    ("argument --json: ignored explicit argument 'yes'", "--json 不带值，却给了“yes”"),
    ("too few arguments", "参数太少"),
    ("ambiguous option: --st could match --store, --stock", "选项 --st 不明确，可能是：--store、--stock"),
    ("argument --pay: invalid choice: \"it's\" (choose from 'cash', 'card')", "--pay 的值“it's”无效，可选：cash、card"),
    ("argument --port: “x”不是端口号", "--port：“x”不是端口号"),
])
def test_the_rest_of_argparses_sentences(message: str, zh: str) -> None:
    assert in_chinese(message) == zh


def test_a_sentence_the_table_does_not_know_is_left_to_the_caller() -> None:
    assert in_chinese("argument --x: something new") is None
    assert in_chinese("something new") is None


def test_wrapping_breaks_between_chinese_characters_and_words_never_inside_a_word() -> None:
    assert wrap("收银员（PIN 取自 $JIFEN_PIN），这是一段很长的说明", 16) == ["收银员（PIN 取自", "$JIFEN_PIN），这",
                                                                   "是一段很长的说明"]
