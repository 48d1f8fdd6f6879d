"""A merchant's rules set at the ledger before it refused a promotion naming both weekdays and days of the month keep
working: a linked till takes them, its rules file showing them is not taken for an edit, and its sales by them earn
as they did and pass the ledger's check of their points."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.models import Conflict, Merchant, MerchantRules
from terminal.rules import Promotion, RuleSet, rules_to_json
from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger

HELD = RuleSet(promotions=(Promotion("周日会员日", 200, weekdays=(7,), days_of_month=(1,)),))
PHONE = "13600136000"


def _set_as_before(session: Session) -> None:
    """What `jifen-ledger merchant rules` stored before the check."""
    merchant = session.get(Merchant, "m1")
    assert merchant is not None
    merchant.rules, merchant.rules_version = rules_to_json(HELD), HELD.version
    session.merge(MerchantRules(merchant_id="m1", version=HELD.version, rules=merchant.rules))


def test_rules_the_ledger_held_before_the_check_keep_working_at_a_linked_till(
        jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    ledger, url = ledger_url
    ledger.do(_set_as_before)
    jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")})
    assert jifen.ok("sync")["last_error"] is None
    assert jifen.ok("rules", "show")["version"] == HELD.version
    # It runs only on a Sunday that is the 1st, and says so, not "Sundays; the 1st" (which reads as either).
    shown = {lang: jifen("rules", "show", env={"LANG": lang}).out for lang in ("en_US.UTF-8", "zh_CN.UTF-8")}
    assert "周日会员日 ×2 (days 1 of the month that fall on Sundays)" in shown["en_US.UTF-8"]
    assert "周日会员日 ×2（每月1日且逢周日）" in shown["zh_CN.UTF-8"]
    jifen.member(PHONE)  # 2026-03-01: Sunday the 1st
    sold = jifen("sale", "--member", PHONE, "--line", "general:100", "--json", by="amy")
    assert (sold.status, sold.json["earned_points"], sold.err) == (0, 100, "")
    jifen.now = "2026-03-08T10:00:00+08:00"  # a Sunday, not the 1st
    assert jifen.ok("sale", "--member", PHONE, "--line", "general:100", by="amy")["earned_points"] == 50
    assert jifen.ok("sync")["last_error"] is None
    assert sorted(p.name for p in jifen.home.glob("rules*.toml")) == ["rules.toml"]
    earned = [ledger.get("/v1/reports/day", merchant="m1", day=day).json()["points_earned"]
              for day in ("2026-03-01", "2026-03-08")]
    assert earned == [100, 50]
    with ledger.session() as s:
        assert s.scalar(select(func.count()).select_from(Conflict)) == 0
