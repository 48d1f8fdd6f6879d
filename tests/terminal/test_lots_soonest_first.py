"""Redeeming spends the lot that expires soonest first, not the oldest (points-rules.md, Expiry): a member whose
sign-up points outlast the points a later sale earned keeps the sign-up points when the sale's run out."""

from tests.helpers.cli import Jifen

PHONE = "13800138000"


def _rolling_one_month(jifen: Jifen) -> None:
    text = jifen.rules_file.read_text(encoding="utf-8")
    text = text.replace('policy = "end_of_next_year"', 'policy = "rolling_months"').replace("months = 12", "months = 1")
    jifen.rules_file.write_text(text, encoding="utf-8")


def test_a_redemption_spends_the_lot_expiring_soonest_though_it_is_the_newer(jifen: Jifen) -> None:
    jifen.member(PHONE)  # 2026-03-01: 500 sign-up points, end_of_next_year → 2027-12-31
    _rolling_one_month(jifen)
    earned = jifen.ok("sale", "--member", PHONE, "--line", "general:1000", by="amy")["earned_points"]
    assert earned == 500  # ¥1,000 × 0.5, expiring one month on: 2026-04-01
    shown = jifen.ok("member", "show", PHONE)
    assert sorted((lot["expires_on"], lot["points"]) for lot in shown["lots"]) == [("2026-04-01", 500),
                                                                                     ("2027-12-31", 500)]

    # ¥100 paid with 500 points (¥5): earns floor(50 × 95/100) = 47, expiring 2026-04-01 too
    sale = jifen.ok("sale", "--member", PHONE, "--line", "general:100", "--redeem", "500", by="amy")
    assert (sale["redeemed_points"], sale["earned_points"], sale["member"]["balance"]) == (500, 47, 547)
    shown = jifen.ok("member", "show", PHONE)
    assert sorted((lot["expires_on"], lot["points"]) for lot in shown["lots"]) == [("2026-04-01", 47),
                                                                                     ("2027-12-31", 500)]
    assert shown["next_expiry"] == {"points": 47, "date": "2026-04-01"}

    jifen.now = "2026-04-02T10:00:00+08:00"
    assert jifen.ok("expire") == {"expired_points": 47, "members": 1}
    assert jifen.balance(PHONE) == 500  # the sign-up points, still good until the end of 2027
