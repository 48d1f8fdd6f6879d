"""`jifen demo --help` speaks the shop's language as `jifen --help` does (terminal/argparse_zh.py): under a Chinese
locale its help and argparse's own words (用法、选项、显示此帮助并退出) are Chinese, and a wrong option is refused in a
Chinese sentence; in English both stay argparse's."""

from terminal.argparse_zh import OWN_HELP
from tests.helpers.cli import run_jifen
from tests.helpers.help_strings import help_strings
from ui.demo import HELP_ZH, parser

CHINESE = {"LANG": "zh_CN.UTF-8", "COLUMNS": "100", "QT_QPA_PLATFORM": "offscreen"}
ENGLISH = {"LANG": "en_US.UTF-8", "COLUMNS": "100", "QT_QPA_PLATFORM": "offscreen"}


def test_demo_help_is_chinese_in_a_chinese_locale() -> None:
    done = run_jifen("demo", "--help", env=CHINESE)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        "用法：jifen demo [-h] [--home DIR] [--lang {auto,zh,en}] [--no-ledger]",
        "",
        "在全新的演示门店上启动程序。",
        "",
        "选项：",
        "  -h, --help           显示此帮助并退出",
        "  --home DIR           存放演示门店的空文件夹（默认新建临时文件夹）",
        "  --lang {auto,zh,en}  程序语言",
        "  --no-ledger          不启动本地总账",
    ]


def test_a_wrong_demo_option_is_refused_in_chinese() -> None:
    done = run_jifen("demo", "--lang", "fr", env=CHINESE)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "--lang 的值“fr”无效，可选：auto、zh、en（见 jifen demo --help）\n"


def test_demo_help_stays_english_in_english() -> None:
    done = run_jifen("demo", "--help", env=ENGLISH)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("usage: jifen demo [-h]") and "\noptions:\n" in done.stdout
    assert "  -h, --help           show this help message and exit" in done.stdout
    assert "Start the app on a fresh demo store." in done.stdout


def test_every_demo_help_string_has_its_chinese() -> None:
    assert [text for _, text in help_strings(parser()) if text not in HELP_ZH and text not in OWN_HELP] == []
