"""Across stores and merchants: offline overdraw becomes visible debt, shared points are settled,
expiry is run by the ledger, and the books always balance."""

from pathlib import Path

from terminal.mall.catalog import ItemSpec
from terminal.services.mall import add_item, exchange_gift
from tests.helpers.ledger import Ledger, check_books, give_member, journal_of, shop_till
from tests.helpers.store import CASHIER, OWNER, member, sell

PHONE = "13800138000"




def test_two_offline_stores_spending_the_same_points_leave_visible_debt(ledger: Ledger, tmp_path: Path) -> None:
    ledger.merchant("m1")
    one, two = shop_till(tmp_path, "静安店", "T1"), shop_till(tmp_path, "徐汇店", "T2")
    token_one, token_two = ledger.terminal("m1", "静安店", "T1"), ledger.terminal("m1", "徐汇店", "T2")
    m = member(one, PHONE)  # 500 points
    ledger.sync(one, token_one)
    give_member(one, m, two)
    sell(one, m, ("general", 400), redeem=400)  # both offline, each sure the member has 500
    sell(two, m, ("general", 300), redeem=300)
    seen = ledger.sync(one, token_one, after=2)  # 2: the journal's first two entries were synced above
    assert seen["members"][0]["debt"] == 0
    snapshot = ledger.sync(two, token_two)["members"][0]
    assert (snapshot["balance"], snapshot["debt"], snapshot["blocked"]) == (-200, 200, True)
    report = ledger.get("/v1/reports/overdrawn", merchant="m1").json()
    assert report == [{"member_id": m, "phone": "138****8000", "debt": 200,  # masked: the report needs no more
                       "entries": [{"points": 200, "date": "2026-03-01", "terminal": "T2", "store": "徐汇店",
                                    "seq": journal_of(two)[-1].seq}]}]
    check_books(ledger)


def test_earning_pays_off_debt_first(ledger: Ledger, tmp_path: Path) -> None:
    ledger.merchant("m1")
    one, two = shop_till(tmp_path, "静安店", "T1"), shop_till(tmp_path, "徐汇店", "T2")
    token_one, token_two = ledger.terminal("m1", "静安店", "T1"), ledger.terminal("m1", "徐汇店", "T2")
    m = member(one, PHONE)
    ledger.sync(one, token_one)
    give_member(one, m, two)
    sell(one, m, ("general", 500), redeem=500)
    sell(two, m, ("general", 500), redeem=500)
    ledger.sync(one, token_one, after=2)
    ledger.sync(two, token_two)
    assert ledger.balance(m) == -500
    sell(one, m, ("general", 200000))  # earns 1,000
    answer = ledger.sync(one, token_one, after=journal_of(one)[-2].seq)
    assert (answer["members"][0]["balance"], answer["members"][0]["debt"]) == (500, 0)
    check_books(ledger)


def test_points_of_one_merchant_spent_at_another_are_settled(ledger: Ledger, tmp_path: Path) -> None:
    ledger.merchant("tea", currency="mall", fen_per_point=1)
    ledger.merchant("noodles", currency="mall", fen_per_point=1)
    tea, noodles = shop_till(tmp_path, "茶铺", "T1", "tea"), shop_till(tmp_path, "面馆", "N1", "noodles")
    token_tea, token_noodles = ledger.terminal("tea", "茶铺", "T1"), ledger.terminal("noodles", "面馆", "N1")
    m = member(tea, PHONE)  # 500 points issued by the tea shop
    sell(tea, m, ("general", 200000))  # +1,000 more from the tea shop
    ledger.sync(tea, token_tea)
    give_member(tea, m, noodles)
    sell(noodles, m, ("general", 1200), redeem=1200)  # ¥12 of noodles paid with the tea shop's points
    add_item(noodles.uow(), noodles.shop, OWNER, ItemSpec("BOWL", "碗", "Bowl", 300), None)
    exchange_gift(noodles.uow(), noodles.shop, CASHIER, "BOWL", m)  # a gift for 300 more of them
    ledger.sync(noodles, token_noodles)
    positions = ledger.get("/v1/settlement", start="2026-03-01", end="2026-03-31").json()
    assert positions == [{"merchant": "noodles", "net_points": 1500, "net_fen": 1500},
                         {"merchant": "tea", "net_points": -1500, "net_fen": -1500}]
    assert ledger.get("/v1/settlement", start="2026-04-01", end="2026-04-30").json() == []
    check_books(ledger)


def test_members_of_another_currency_are_unknown(ledger: Ledger, tmp_path: Path) -> None:
    ledger.merchant("tea")
    ledger.merchant("noodles")
    tea, noodles = shop_till(tmp_path, "茶铺", "T1", "tea"), shop_till(tmp_path, "面馆", "N1", "noodles")
    token_tea, token_noodles = ledger.terminal("tea", "茶铺", "T1"), ledger.terminal("noodles", "面馆", "N1")
    m = member(tea, PHONE)
    ledger.sync(tea, token_tea)
    give_member(tea, m, noodles)
    sell(noodles, m, ("general", 100), redeem=100)
    answer = ledger.post(token_noodles, journal_of(noodles))
    assert answer.status_code == 422 and "unknown member" in answer.json()["message"]


def test_the_ledger_runs_expiry_and_reports_it(ledger: Ledger, tmp_path: Path) -> None:
    from datetime import date

    from ledger.expiry import expire_all

    ledger.merchant("m1")
    one, token = shop_till(tmp_path, "静安店", "T1"), ledger.terminal("m1", "静安店", "T1")
    m = member(one, PHONE)
    ledger.sync(one, token)
    assert ledger.do(lambda s: expire_all(s, date(2027, 12, 31))) == (0, 0)
    assert ledger.do(lambda s: expire_all(s, date(2028, 1, 1))) == (500, 1)
    assert ledger.balance(m) == 0
    assert ledger.get("/v1/reports/day", merchant="m1", day="2028-01-01").json()["points_expired"] == 500
    assert ledger.do(lambda s: expire_all(s, date(2028, 1, 2))) == (0, 0)
    check_books(ledger)


def test_day_totals_per_merchant_store_and_terminal(ledger: Ledger, tmp_path: Path) -> None:
    ledger.merchant("m1")
    one, two = shop_till(tmp_path, "静安店", "T1"), shop_till(tmp_path, "徐汇店", "T2")
    token_one, token_two = ledger.terminal("m1", "静安店", "T1"), ledger.terminal("m1", "徐汇店", "T2")
    sell(one, None, ("general", 1000))
    sell(two, None, ("general", 2000), pay="card")
    sell(two, None, ("general", 3000))
    ledger.sync(one, token_one)
    ledger.sync(two, token_two)

    def day(**scope: str) -> dict:  # type: ignore[type-arg]
        return ledger.get("/v1/reports/day", merchant="m1", day="2026-03-01", **scope).json()  # type: ignore[no-any-return]
    assert (day()["sales"], day()["gross_fen"], day()["card_fen"]) == (3, 6000, 2000)
    assert (day(store="徐汇店")["sales"], day(store="静安店")["gross_fen"]) == (2, 1000)
    assert (day(terminal="T2")["cash_fen"], day(terminal="T1")["sales"]) == (3000, 1)
    for mistyped in ({"store": "静安"}, {"terminal": "T9"}):  # not zeros that look like a quiet day: refused
        answer = ledger.get("/v1/reports/day", merchant="m1", day="2026-03-01", **mistyped)
        assert answer.status_code == 404 and answer.json()["error"] == "not_found"
        assert f"has no {next(iter(mistyped))} {next(iter(mistyped.values()))}" in answer.json()["message"]
