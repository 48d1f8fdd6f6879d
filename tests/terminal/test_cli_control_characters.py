"""Free text that is printed or shown holds only visible characters: a gift's names and picture, an
adjustment's reason, a cashier's or a member's name (DEL, a right-to-left override and the line separators
included). A new line in a gift's name would forge a line of its own on the receipt
("合计 ￥0.00"); an ESC would reach the printer as a command. One clear refusal, nothing stored; a store that
holds such text from before still opens, shows it, and lets the item be edited or taken off sale."""

import pytest

from tests.helpers.cli import Jifen

PHONE = "13800138000"
FORGED = "杯子\n合计 ￥0.00"
UNSEEN = ["\n", "\r", "\x1b@", "\t", "\x00", "\u202e", "\u2028"]
GIFT = ["--name-zh", "杯子", "--name-en", "Mug", "--points", "10"]


@pytest.mark.parametrize(("option", "named"), [("--name-zh", "the Chinese name (name_zh)"),
                                               ("--name-en", "the English name (name_en)"),
                                               ("--picture", "a picture path (picture)")])
@pytest.mark.parametrize("unseen", UNSEEN)
def test_a_gift_with_a_control_character_is_refused_and_nothing_stored(jifen: Jifen, option: str, named: str,
                                                                       unseen: str) -> None:
    before = jifen.dump()
    words = dict(zip(GIFT[::2], GIFT[1::2], strict=True)) | {option: f"杯{unseen}子"}
    run = jifen("gift", "add", "G9", *(w for pair in words.items() for w in pair), by="boss")
    assert (run.status, run.out) == (2, "") and run.err == (
        f"{named} cannot hold control characters (a new line, a tab, ESC…): give visible characters only\n")
    assert jifen.dump() == before


def test_a_forged_receipt_line_cannot_be_put_in_a_gift_name(jifen: Jifen) -> None:
    assert jifen.refused("gift", "add", "G9", "--name-zh", FORGED, "--name-en", "Mug", "--points", "10",
                         by="boss") == "bad_input"
    zh = jifen("gift", "add", "G9", "--name-zh", FORGED, "--name-en", "Mug", "--points", "10", by="boss",
               env={"LANG": "zh_CN.UTF-8"})
    assert zh.err == "中文名称（name_zh）不能含控制字符（换行、制表符、ESC 等）：只能用可见字符\n"
    assert jifen.query("SELECT count(*) FROM mall_items") == [(0,)]


def test_a_gift_edit_refuses_a_control_character_in_a_new_name(jifen: Jifen) -> None:
    jifen.ok("gift", "add", "G9", *GIFT, by="boss")
    before = jifen.dump()
    assert jifen.refused("gift", "edit", "G9", "--name-en", "Mug\x1b@", by="boss") == "bad_input"
    assert jifen.dump() == before


def test_a_gift_stored_with_a_new_line_before_still_shows_and_can_be_edited(jifen: Jifen) -> None:
    jifen.ok("gift", "add", "G9", *GIFT, by="boss")
    jifen.query("UPDATE mall_items SET name_zh = ?, name_en = ? WHERE id = 'G9'", FORGED, "Mug\nTotal 0")
    assert [item["name_zh"] for item in jifen.ok("gift", "list")["items"]] == [FORGED]
    jifen.member(PHONE)
    assert jifen.ok("gift", "exchange", "G9", "--member", PHONE, by="amy")["points"] == 10
    edited = jifen.ok("gift", "edit", "G9", "--points", "20", "--off-sale", by="boss")
    assert (edited["name_zh"], edited["points"], edited["on_sale"]) == (FORGED, 20, False)
    assert jifen.ok("gift", "edit", "G9", "--name-zh", "杯子", by="boss")["name_zh"] == "杯子"
    assert jifen.ok("journal", "verify")["ok"]


@pytest.mark.parametrize("unseen", UNSEEN)
def test_an_adjustment_reason_with_a_control_character_is_refused(jifen: Jifen, unseen: str) -> None:
    jifen.member(PHONE)
    before = jifen.dump()
    run = jifen("adjust", PHONE, "--points", "100", "--reason", f"补偿{unseen}合计 0", by="boss")
    assert (run.status, run.out) == (2, "") and run.err == (
        "the reason (--reason) cannot hold control characters (a new line, a tab, ESC…): give visible characters only\n")
    assert jifen.dump() == before
    assert jifen.ok("adjust", PHONE, "--points", "100", "--reason", "补偿 compensation", by="boss")["member"]["balance"] == 600


def test_an_adjustment_with_a_new_line_from_before_still_reads(jifen: Jifen, monkeypatch: pytest.MonkeyPatch) -> None:
    jifen.member(PHONE)
    with monkeypatch.context() as older:  # the check as a version before it was: none
        older.setattr("terminal.services.adjust.refuse_control_characters", lambda *_: None)
        jifen.ok("adjust", PHONE, "--points", "100", "--reason", "补偿\n合计 0", by="boss")
    assert jifen.journal_payloads("adjust")[0]["reason"] == "补偿\n合计 0"
    assert jifen.balance(PHONE) == 600 and jifen.ok("journal", "verify")["ok"]
    assert jifen.ok("report", "day")


@pytest.mark.parametrize("unseen", ["\x7f", "\x85", "\u202e", "\u2028", "\u2029"])
def test_a_cashier_or_member_name_with_a_control_character_is_refused(jifen: Jifen, unseen: str) -> None:
    before = jifen.dump()
    cashier = jifen("cashier", "add", f"小{unseen}王", "--role", "cashier", by="boss", env={"JIFEN_NEW_PIN": "2468"})
    assert (cashier.status, cashier.err) == (2, "a cashier name is 1 to 32 visible characters\n")
    member = jifen("member", "add", "--phone", PHONE, "--name", f"张{unseen}三", by="amy")
    assert (member.status, member.err) == (2, "a name is 1 to 32 visible characters\n")
    assert jifen.dump() == before
