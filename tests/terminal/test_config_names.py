"""A config.toml that names a table or a setting the till does not read (a typo) is refused by every command, in one
line naming the file, the table and the setting, and nothing is done: the owner would otherwise believe it set."""

from pathlib import Path

import pytest

from terminal.config import TABLES, load_settings, read_config
from terminal.errors import Refused
from tests.helpers.cli import Jifen

TYPOS = [
    ("[backup]\nkeeps = 30\n",
     'config.toml: [backup] has no setting "keeps" (known: daily, keep)',
     'config.toml：[backup] 没有设置项 "keeps"（可用：daily、keep）'),
    ('[printer]\nurl = "tcp://10.0.0.9:9100"\ncutter = true\n',
     'config.toml: [printer] has no setting "cutter" (known: url, profile, chinese, charset, language, drawer, '
     "footer, confirm, answer_timeout_ms, preview_font)",
     'config.toml：[printer] 没有设置项 "cutter"（可用：url、profile、chinese、charset、language、drawer、footer、'
     "confirm、answer_timeout_ms、preview_font）"),
    ('[app]\nlangauge = "en"\n',
     'config.toml: [app] has no setting "langauge" (known: language, text_size)',
     'config.toml：[app] 没有设置项 "langauge"（可用：language、text_size）'),
    ('[camera]\nsorce = "0"\n',
     'config.toml: [camera] has no setting "sorce" (known: source, decoder)',
     'config.toml：[camera] 没有设置项 "sorce"（可用：source、decoder）'),
    ('[printr]\nurl = "tcp://10.0.0.9:9100"\n',
     "config.toml: there is no table [printr] (known: [backup], [printer], [app], [camera])",
     "config.toml：没有 [printr] 这个表（可用：[backup]、[printer]、[app]、[camera]）"),
    ("keep = 30\n",
     'config.toml: the setting "keep" is in no table (tables: [backup], [printer], [app], [camera])',
     'config.toml：设置项 "keep" 不在任何表中（可用的表：[backup]、[printer]、[app]、[camera]）'),
    ("[printer.usb]\nvid = 1046\n",
     'config.toml: [printer] has no setting "usb" (known: url, profile, chinese, charset, language, drawer, '
     "footer, confirm, answer_timeout_ms, preview_font)",
     'config.toml：[printer] 没有设置项 "usb"（可用：url、profile、chinese、charset、language、drawer、footer、'
     "confirm、answer_timeout_ms、preview_font）"),
]
EVERY_SETTING = """\
[backup]
daily = true
keep = 30

[printer]
url = "file:///tmp/jifen-config-names.bin"
profile = "58mm"
chinese = "switch"
charset = "gbk"
language = "zh"
drawer = false
footer = "谢谢惠顾"
confirm = false
answer_timeout_ms = 500
preview_font = ""

[app]
language = "zh"

[camera]
source = "0"
decoder = "zxing"
"""


def _sales(cli: Jifen) -> int:
    return int(cli.ok("report", "day")["sales"])


@pytest.mark.parametrize(("text", "en", "zh"), TYPOS)
def test_a_typo_refuses_a_sale_and_records_nothing(jifen: Jifen, text: str, en: str, zh: str) -> None:
    (jifen.home / "config.toml").write_text(text, encoding="utf-8")
    sale = jifen("sale", "--line", "general:10", by="amy")
    assert (sale.status, sale.out, sale.err) == (2, "", en + "\n")
    assert jifen("sale", "--line", "general:10", "--json", by="amy").json == {"error": "bad_input", "message": en}
    chinese = jifen("sale", "--line", "general:10", by="amy", env={"LANG": "zh_CN.UTF-8"})
    assert (chinese.status, chinese.err) == (2, zh + "\n")
    (jifen.home / "config.toml").unlink()
    assert _sales(jifen) == 0


def test_a_typo_refuses_a_command_that_only_reads(jifen: Jifen) -> None:
    (jifen.home / "config.toml").write_text("[backup]\nkeeps = 30\n", encoding="utf-8")
    report = jifen("report", "day")
    assert (report.status, report.out) == (2, "")
    assert report.err == 'config.toml: [backup] has no setting "keeps" (known: daily, keep)\n'


def test_every_setting_the_till_reads_is_taken(jifen: Jifen) -> None:
    (jifen.home / "config.toml").write_text(EVERY_SETTING, encoding="utf-8")
    assert jifen("sale", "--line", "general:10", by="amy").status == 0
    assert _sales(jifen) == 1
    assert load_settings(jifen.home / "config.toml").backup.keep == 30


def test_a_file_that_cannot_be_parsed_still_lets_a_sale_be_recorded(jifen: Jifen) -> None:
    (jifen.home / "config.toml").write_text("[backup\nkeeps = ", encoding="utf-8")
    assert jifen("sale", "--line", "general:10", by="amy").status == 0
    assert _sales(jifen) == 1


def test_the_reader_knows_each_table_and_refuses_one_that_is_not_a_table(tmp_path: Path) -> None:
    assert read_config(tmp_path / "config.toml") == {}
    assert set(TABLES) == {"backup", "printer", "app", "camera"}
    config = tmp_path / "config.toml"
    config.write_text("backup = 3\n", encoding="utf-8")
    with pytest.raises(Refused) as refused:
        load_settings(config)
    assert (refused.value.code, refused.value.en) == ("bad_input", "config.toml: [backup] must be a table")
