"""What a GB18030 receipt printer gets: ￥ rather than ¥, a visible replacement for what its font
lacks, widths as the printer prints them, and no way for text to smuggle in a printer command."""

import pytest

from printing.charset import paper_width, printable
from printing.document import Document, Text
from printing.layout import lay_out
from printing.profiles import BUILT_IN
from printing.render_escpos import encode_text, to_escpos
from tests.helpers.escpos_reader import read_escpos


def _printed(text: str, charset: str = "gbk", chinese: str = "switch") -> str:
    page = lay_out(Document("test", (Text(text),)), 48, charset)  # type: ignore[arg-type]
    out = read_escpos(to_escpos(page, BUILT_IN["80mm"], chinese))  # type: ignore[arg-type]
    assert out.junk == []
    return out.text


def test_the_yuan_sign_is_sent_as_the_full_width_one_in_two_bytes() -> None:
    assert printable("¥199.99", "gbk") == "￥199.99"
    assert encode_text(printable("¥1", "gbk"), "switch") == b"\x1c&\xa3\xa4\x1c.1"
    assert _printed("合计 ¥199.99") == "合计 ￥199.99"


def test_chinese_goes_between_fs_and_and_fs_dot() -> None:
    assert encode_text("积分 100", "switch") == b"\x1c&" + "积分".encode("gb18030") + b"\x1c. 100"
    assert encode_text("积分 100", "always") == "积分".encode("gb18030") + b" 100"


@pytest.mark.parametrize(("text", "charset", "shown"), [
    ("张三😀", "gbk", "张三？"),
    ("张三😀", "gb18030", "张三😀"),
    ("囧", "gbk", "囧"),
    ("囧", "gb2312", "？"),
    ("€5", "gbk", "？5"),
    ("\ue000", "gb18030", "？"),
    ("静安店 Café", "ascii", "??? Caf?"),
])
def test_a_character_the_font_lacks_becomes_a_visible_replacement(text: str, charset: str, shown: str) -> None:
    assert printable(text, charset) == shown  # type: ignore[arg-type]


def test_four_byte_characters_reach_a_gbk_printer_as_a_replacement_not_junk() -> None:
    assert _printed("会员 😀 Café Zoë", "gbk") == "会员 ？ Café Zo？"  # é is in GBK's pinyin letters, ë is not
    data = to_escpos(lay_out(Document("t", (Text("😀"),)), 48, "gb18030"), BUILT_IN["80mm"], "switch")
    assert read_escpos(data).junk != []  # the same character sent as GB18030 would be junk on a GBK printer
    assert read_escpos(data, four_byte_ok=True).text == "😀"


def test_control_characters_in_names_cannot_become_printer_commands() -> None:
    name = "张\x1bp\x00\x19\xfa三\x1dV\x00"  # a drawer kick and a cut hidden in a member's name
    out = read_escpos(to_escpos(lay_out(Document("t", (Text(name),)), 48, "gbk"), BUILT_IN["80mm"], "switch"))
    assert (out.drawer_kicks, out.cuts) == (0, ["partial"])  # only the cut that ends every print
    assert out.text == "张？p？？ú三？V？"


def test_invisible_and_combining_characters_print_nothing_by_themselves() -> None:
    assert printable("a\u200bb\u0301", "gbk") == "ab"  # zero-width space; a lone combining accent after b
    assert printable("e\u0301", "gbk") == "é"  # composed first, then printed as one character


def test_width_on_paper_is_one_column_for_ascii_and_two_for_anything_else() -> None:
    assert paper_width("abc") == 3
    assert paper_width("积分") == 4
    assert paper_width("×…é") == 6  # narrow or ambiguous in Unicode, but full width on a GB printer
    assert paper_width(printable("¥1", "gbk")) == 3


def test_printer_without_chinese_gets_ascii_only() -> None:
    text = _printed("静安店 ¥5（会员价），合计：-￥12.50", "ascii", "none")
    assert text == "??? RMB5(???),??:-RMB12.50"  # the yuan as RMB and the punctuation as ASCII, not ?
