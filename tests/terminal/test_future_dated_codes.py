"""A member code dated ahead of this till's clock: made on a computer whose clock runs years ahead (or with
$JIFEN_NOW), it would outlive `code revoke`, which voids the codes issued up to now. A till refuses a code dated
more than a day after its own clock (tills' clocks agree within a day, or they refuse to write), and says how
the card came about; a code a till whose clock runs a few hours ahead made is taken."""

from pathlib import Path

from tests.helpers.cli import Jifen

ZHANG = "13800138000"


def _card(jifen: Jifen, tmp_path: Path, name: str, now: str) -> str:
    jifen.now = now
    return str(jifen.ok("member", "card", ZHANG, "--png", str(tmp_path / name))["code"])


def test_a_card_dated_years_ahead_is_refused_and_revoking_the_members_codes_holds(jifen: Jifen, tmp_path: Path) -> None:
    zhang = jifen.member(ZHANG)
    old = _card(jifen, tmp_path, "old.png", "2026-03-01T13:00:00+08:00")
    ahead = _card(jifen, tmp_path, "ahead.png", "2036-03-01T13:00:00+08:00")
    jifen.now = "2026-03-01T13:05:00+08:00"
    jifen.ok("code", "revoke", ZHANG, by="boss")
    new = _card(jifen, tmp_path, "new.png", "2026-03-01T13:10:00+08:00")

    jifen.now = "2026-03-01T13:20:00+08:00"
    assert jifen.refused("member", "show", old) == "revoked"
    assert jifen.ok("member", "show", new)["id"] == zhang
    scan = jifen("scan", "--image", str(tmp_path / "ahead.png"))
    assert scan.status == 2
    assert ("this member code is dated 2036-03-01 13:00, later than now: it was made on a computer with a wrong clock; "
            "print the member a new card") in scan.err
    assert jifen.refused("scan", "--image", str(tmp_path / "ahead.png")) == "revoked"
    assert jifen.refused("member", "show", ahead) == "revoked"
    assert jifen.refused("sale", "--member", ahead, "--line", "general:100", by="amy") == "revoked"
    # revoking by that code would void every card of the member's until 2036, the new one too
    assert jifen.refused("code", "revoke", ahead, by="boss") == "revoked"
    assert jifen.ok("member", "show", new)["id"] == zhang


def test_a_card_from_a_till_whose_clock_runs_hours_ahead_is_taken(jifen: Jifen, tmp_path: Path) -> None:
    zhang = jifen.member(ZHANG)
    hours = _card(jifen, tmp_path, "hours.png", "2026-03-02T09:00:00+08:00")
    day_and_more = _card(jifen, tmp_path, "day.png", "2026-03-02T10:01:00+08:00")
    jifen.now = "2026-03-01T10:00:00+08:00"
    assert jifen.ok("member", "show", hours)["id"] == zhang
    assert jifen.ok("scan", "--image", str(tmp_path / "hours.png"))["member_id"] == zhang
    assert jifen.refused("member", "show", day_and_more) == "revoked"


def test_a_card_dated_years_ahead_does_not_print_a_card(jifen: Jifen, tmp_path: Path) -> None:
    jifen.member(ZHANG)
    ahead = _card(jifen, tmp_path, "ahead.png", "2036-03-01T13:00:00+08:00")
    jifen.now = "2026-03-01T13:20:00+08:00"
    assert jifen.refused("print", "card", ahead) == "revoked"
