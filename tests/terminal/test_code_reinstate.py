"""Reinstating a lost card that was found again, as a manager does it at the till: a card given as a CODE
never brings back a card lost after it; and a card issued on a till whose clock lags a revocation it holds
is not born revoked."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from terminal.cli.main import main
from tests.helpers.cli import Jifen
from ui import codes_cli

ZHANG = "13800138000"
ZH = {"LANG": "zh_CN.UTF-8"}


@pytest.fixture
def jifen(jifen: Jifen, monkeypatch: pytest.MonkeyPatch) -> Iterator[Jifen]:
    monkeypatch.setattr("tests.helpers.cli.main", lambda argv: main(argv, [codes_cli.register]))
    yield jifen


def _card(jifen: Jifen, tmp_path: Path, name: str) -> str:
    return str(jifen.ok("member", "card", ZHANG, "--png", str(tmp_path / name))["code"])


def _two_lost_cards(jifen: Jifen, tmp_path: Path) -> tuple[str, str, str, str]:
    """c1 issued 03-01 10:00, lost (revoked 03-02 10:00); c2 issued 03-02 10:05, lost (revoked 03-03 09:00);
    c4 issued 03-03 09:00. Returns the member id and the three codes."""
    member_id = jifen.member(ZHANG)
    c1 = _card(jifen, tmp_path, "c1.png")
    jifen.now = "2026-03-02T10:00:00+08:00"
    jifen.ok("code", "revoke", ZHANG, "--reason", "c1 lost", by="boss")
    jifen.now = "2026-03-02T10:05:00+08:00"
    c2 = _card(jifen, tmp_path, "c2.png")
    jifen.now = "2026-03-03T09:00:00+08:00"
    jifen.ok("code", "revoke", ZHANG, "--reason", "c2 lost", by="boss")
    c4 = _card(jifen, tmp_path, "c4.png")
    return member_id, c1, c2, c4


def _denied(jifen: Jifen) -> list[str]:
    return [entry["until"] for entry in jifen.ok("code", "denied")["revoked"]]


def test_reinstating_a_card_lost_before_another_is_refused_and_changes_nothing(jifen: Jifen, tmp_path: Path) -> None:
    member_id, c1, c2, c4 = _two_lost_cards(jifen, tmp_path)
    before = jifen.dump()
    run = jifen("code", "reinstate", c1, "--reason", "found", by="boss")
    assert run.status == 2 and run.out == ""
    assert run.err == (f"member {member_id}'s codes were revoked again later, at 2026-03-03 09:00:00 (a later "
                       "card reported lost): reinstating this card would accept that card again too; issue the member "
                       "a new card instead (jifen member card)\n")
    zh = jifen("code", "reinstate", c1, by="boss", env=ZH)
    assert zh.status == 2 and zh.err == (f"会员 {member_id} 的会员码之后又在 2026-03-03 09:00:00 被作废过"
                                         "（之后的卡片挂失）：恢复这张卡会让那张卡也重新可用；请改为补发新卡（jifen member card）\n")
    assert jifen.refused("code", "reinstate", c1, by="boss") == "bad_input"
    assert jifen.dump() == before
    assert _denied(jifen) == ["2026-03-02T02:00:00.000Z", "2026-03-03T01:00:00.000Z"]
    assert jifen.refused("member", "show", c2) == jifen.refused("member", "show", c1) == "revoked"
    assert jifen.ok("member", "show", c4)["id"] == member_id


def test_reinstating_the_card_lost_last_lifts_only_its_own_revocation(jifen: Jifen, tmp_path: Path) -> None:
    member_id, c1, c2, c4 = _two_lost_cards(jifen, tmp_path)
    run = jifen("code", "reinstate", c2, "--reason", "found", by="boss")
    assert run.status == 0 and run.out == (
        f"Reinstated 1 revocation of member {member_id}'s codes: codes issued up to 2026-03-03 09:00:00 are accepted "
        "again; those issued up to 2026-03-02 10:00:00 stay revoked\n")
    assert _denied(jifen) == ["2026-03-02T02:00:00.000Z"]
    assert jifen.journal_payloads("code_reinstate") == [
        {"member_id": member_id, "until": ["2026-03-03T01:00:00.000Z"], "reason": "found"}]
    assert jifen.ok("member", "show", c2)["id"] == jifen.ok("member", "show", c4)["id"] == member_id
    assert jifen.refused("member", "show", c1) == "revoked"
    assert jifen.ok("scan", "--image", str(tmp_path / "c2.png"))["member_id"] == member_id


def test_reinstating_a_card_no_revocation_covers_is_not_found(jifen: Jifen, tmp_path: Path) -> None:
    _, _, _, c4 = _two_lost_cards(jifen, tmp_path)
    before = jifen.dump()
    assert jifen.refused("code", "reinstate", c4, by="boss") == "not_found"
    assert jifen.dump() == before


def test_reinstating_the_member_lifts_all_and_says_how_many_and_up_to_when(jifen: Jifen, tmp_path: Path) -> None:
    member_id, c1, c2, _ = _two_lost_cards(jifen, tmp_path)
    zh = jifen("code", "reinstate", ZHANG, "--reason", "all found", by="boss", env=ZH)
    assert zh.status == 0 and zh.out == (f"已恢复会员 {member_id} 的会员码（撤销 2 次作废）：2026-03-03 09:00:00 及之前"
                                         "签发的会员码可以再次使用\n")
    assert _denied(jifen) == []
    assert jifen.ok("member", "show", c1)["id"] == jifen.ok("member", "show", c2)["id"] == member_id
    jifen.now = "2026-03-03T12:00:00+08:00"
    jifen.ok("code", "revoke", ZHANG, by="boss")
    run = jifen("code", "reinstate", member_id, by="boss")
    assert run.status == 0 and run.out == (
        f"Reinstated 1 revocation of member {member_id}'s codes: codes issued up to 2026-03-03 12:00:00 are accepted "
        "again\n")


def test_a_card_issued_on_a_till_whose_clock_lags_a_revocation_is_accepted_there(jifen: Jifen, tmp_path: Path) -> None:
    member_id = jifen.member(ZHANG)
    old = _card(jifen, tmp_path, "old.png")
    jifen.now = "2026-03-01T10:30:00+08:00"  # the revoking till's clock
    jifen.ok("code", "revoke", ZHANG, "--reason", "lost", by="boss")
    jifen.now = "2026-03-01T10:29:00+08:00"  # this till's clock, a minute behind
    card = jifen.ok("member", "card", ZHANG, "--png", str(tmp_path / "new.png"))
    assert card["issued_at"] == "2026-03-01T02:30:01.000Z"
    assert jifen.ok("scan", "--image", str(tmp_path / "new.png"))["member_id"] == member_id
    assert jifen.ok("member", "show", str(card["code"]))["id"] == member_id
    assert jifen.ok("sale", "--member", str(card["code"]), "--line", "general:100", by="amy")["member"]["id"] == member_id
    assert jifen.refused("member", "show", old) == "revoked"
    jifen.now = "2026-03-01T10:30:00+08:00"  # on the same second as the revocation, too
    assert jifen.ok("member", "card", ZHANG, "--png", str(tmp_path / "again.png"))["issued_at"] == "2026-03-01T02:30:01.000Z"
    assert jifen.ok("scan", "--image", str(tmp_path / "again.png"))["member_id"] == member_id
