"""The calendar edges of the rules (points-rules.md): a promotion runs on its first and its last day, both
included; `rolling_months` points expire at the end of the same day N months on, or of that month's last day when
it has no such day (the 30th and 31st included, not only February)."""

from datetime import date
from pathlib import Path

from terminal.home import Home
from terminal.rules import RuleSet
from terminal.services.members import show_member
from tests.helpers.cli import Jifen
from tests.helpers.store import balance, member, move_clock, new_till

PHONE = "13800138000"
CARNIVAL = '\n[[promotions]]\nname = "数码狂欢"\nmultiplier = 300\nfrom = 2026-03-09\nuntil = 2026-03-11\n'


def _rolling(jifen: Jifen, months: int) -> None:
    text = jifen.rules_file.read_text(encoding="utf-8")
    jifen.rules_file.write_text(text.replace('policy = "end_of_next_year"', 'policy = "rolling_months"')
                                .replace("months = 12", f"months = {months}"), encoding="utf-8")


def test_a_promotion_multiplies_on_its_first_and_its_last_day_and_not_after(jifen: Jifen) -> None:
    jifen.rules_file.write_text(jifen.rules_file.read_text(encoding="utf-8") + CARNIVAL, encoding="utf-8")
    jifen.member(PHONE)
    earned: dict[str, int] = {}
    for day in ("2026-03-08", "2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12"):
        jifen.now = f"{day}T10:00:00+08:00"
        earned[day] = jifen.ok("sale", "--member", PHONE, "--line", "general:100", by="amy")["earned_points"]
    # general ¥100 earns 0.5 × 100 = 50; × 3 = 150 from the 9th to the 11th, both included
    assert earned == {"2026-03-08": 50, "2026-03-09": 150, "2026-03-10": 150, "2026-03-11": 150, "2026-03-12": 50}
    assert jifen.balance(PHONE) == 500 + 50 + 150 * 3 + 50


def test_one_rolling_month_from_31_march_ends_on_30_april(jifen: Jifen) -> None:
    _rolling(jifen, 1)
    jifen.now = "2026-03-31T10:00:00+08:00"
    jifen.member(PHONE)  # 500 sign-up points; April has no 31st, so they last until the end of 30 April
    assert jifen.ok("member", "show", PHONE)["next_expiry"] == {"points": 500, "date": "2026-04-30"}

    jifen.now = "2026-04-30T21:00:00+08:00"
    assert jifen.ok("expire")["expired_points"] == 0
    assert jifen.ok("sale", "--member", PHONE, "--line", "general:5", "--redeem", "500", by="amy")["redeemed_points"] \
        == 500  # still spendable on their last day


def test_one_rolling_month_from_31_march_is_gone_on_1_may(jifen: Jifen) -> None:
    _rolling(jifen, 1)
    jifen.now = "2026-03-31T10:00:00+08:00"
    jifen.member(PHONE)
    jifen.now = "2026-05-01T09:00:00+08:00"
    assert jifen.ok("expire") == {"expired_points": 500, "members": 1}
    assert jifen.balance(PHONE) == 0


def test_twelve_rolling_months_from_30_march_end_on_30_march_next_year(jifen: Jifen) -> None:
    _rolling(jifen, 12)
    jifen.now = "2026-03-30T10:00:00+08:00"
    jifen.member(PHONE)
    assert jifen.ok("member", "show", PHONE)["next_expiry"] == {"points": 500, "date": "2027-03-30"}
    jifen.now = "2027-03-30T22:00:00+08:00"
    assert jifen.ok("expire")["expired_points"] == 0 and jifen.balance(PHONE) == 500
    jifen.now = "2027-03-31T08:00:00+08:00"
    assert jifen.ok("expire")["expired_points"] == 500 and jifen.balance(PHONE) == 0


def test_twelve_rolling_months_from_30_january_end_on_30_january(tmp_path: Path) -> None:
    till = new_till(Home(tmp_path / "store"), when="2026-01-30 10:00",
                    rules=RuleSet(expiry_policy="rolling_months", expiry_months=12))
    try:
        m = member(till)  # 500 sign-up points
        assert show_member(till.reading(), till.shop, m).lots == [(500, date(2027, 1, 30))]
        move_clock(till, "2027-01-30 20:00")
        assert balance(till, m) == 500
        move_clock(till, "2027-01-31 08:00")
        assert balance(till, m) == 0
    finally:
        till.close()
