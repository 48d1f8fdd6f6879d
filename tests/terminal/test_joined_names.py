"""A name may hold an emoji sequence joined by a zero-width joiner (👩‍💻, ❤️‍🔥) or a zero-width non-joiner between two
visible characters: they shape the characters either side and hide nothing. A joiner alone, at either end or doubled,
and the other invisible characters (bidi controls, zero-width space, BOM, line separators, controls) are refused."""

import pytest

from printing.charset import Charset
from printing.service import Printing
from printing.settings import PrinterSettings
from terminal.bootstrap import Till
from terminal.visible_text import has_control_characters
from tests.helpers.cli import Jifen
from tests.helpers.escpos_reader import read_escpos
from tests.helpers.store import member

JOINED = ["👩\u200d💻王", "❤\ufe0f\u200d🔥", "王\u200c小"]


@pytest.mark.parametrize("name", JOINED)
def test_a_member_name_with_a_joined_emoji_is_taken_as_given(jifen: Jifen, name: str) -> None:
    run = jifen("member", "add", "--phone", "13900000001", "--name", name, by="amy")
    assert (run.status, run.err) == (0, "")
    assert jifen.query("SELECT name FROM members") == [(name,)]


@pytest.mark.parametrize("name", ["\u200d王", "王\u200d", "王\u200d\u200d小", "\u200c", "王\u200b小", "王\u200e小",
                                  "王\u202e小", "王\u2066小", "\ufeff王", "王\u2028小", "王\x1b小"])
def test_a_joiner_that_joins_nothing_and_other_invisible_characters_are_still_refused(jifen: Jifen, name: str) -> None:
    before = jifen.dump()
    run = jifen("member", "add", "--phone", "13900000001", "--name", name, by="amy")
    assert (run.status, run.err) == (2, "a name is 1 to 32 visible characters\n")
    assert jifen.dump() == before


def test_the_joiner_is_allowed_only_between_two_visible_characters() -> None:
    assert not any(has_control_characters(name) for name in JOINED)
    assert has_control_characters("👩\u200d\u200b💻") and has_control_characters("\u202e\u200d王")


def test_a_joined_name_prints_on_the_member_card_without_junk(till: Till) -> None:
    m = member(till, "13800138000", name="👩\u200d💻王")
    # the joiner prints as nothing; an emoji as itself where the printer takes all of GB18030, else as its mark
    printed: list[tuple[Charset, str]] = [("gb18030", "👩💻王"), ("gbk", "？？王"), ("ascii", "???")]
    for charset, name in printed:
        settings = PrinterSettings(profile="58mm", charset=charset, chinese="none" if charset == "ascii" else "switch")
        p = Printing(till, settings, member_code=lambda member_id: f"JFM1/{member_id}/SIGNED")
        out = read_escpos(p.escpos(p.document("card", m)), four_byte_ok=charset == "gb18030")
        assert out.junk == []
        (line,) = out.find("Name" if charset == "ascii" else "姓名")
        assert line.text.endswith(" " + name), line
