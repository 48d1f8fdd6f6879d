"""The mall across terminals and the ledger over real TCP: the catalog pulled with the rules, stock and
points agreeing after sync, a coupon used twice offline caught at sync, and claims (online only)."""

import threading
import uuid
from datetime import date
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, func, select, text

from ledger import db
from ledger.cli import answer as ledger_cli
from ledger.models import MallStock, Offer, OfferClaim
from printing.sources import receipt_kind
from sync.client import LedgerClient
from sync.mall import claim_code, pull_catalog
from terminal.bootstrap import init_store
from terminal.errors import Refused
from terminal.home import Home
from terminal.keys import KeyFiles, load_private_key
from terminal.models import JournalEntry
from terminal.services import coupons, mall
from terminal.services.sales import SaleRequest, record_sale
from tests.helpers.ledger import check_books, open_ledger
from tests.helpers.ledger_server import serve
from tests.helpers.store import CASHIER, OWNER, OWNER_PIN, at, balance, member

TEA = {"id": "TEA", "name_zh": "茶杯", "name_en": "Tea cup", "points": 300, "topup_fen": 990}
C10 = {"id": "C10", "kind": "coupon", "name_zh": "十元券", "name_en": "Coupon", "points": 200, "value_fen": 1000,
       "min_spend_fen": 5000}


def admin_post(network: Any, path: str, body: dict[str, Any]) -> Any:
    answer = requests.post(network.url + path, json=body, headers={"Authorization": f"Bearer {network.ledger.admin}"},
                           timeout=10)
    assert answer.status_code < 300, answer.text
    return answer.json()


def test_catalog_arrives_with_sync_and_stock_and_points_agree(network: Any) -> None:
    admin_post(network, "/v1/mall/items", {"merchant": "m1", "item": TEA})
    admin_post(network, "/v1/mall/stock", {"merchant": "m1", "item": "TEA", "store": "静安店", "stock": 3})
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"))
    someone = member(till)
    syncer.sync_once()
    items = mall.list_items(till.reading(), till.shop)
    assert [(i["id"], i["stock"], i["source"]) for i in items] == [("TEA", 3, "ledger")]
    assert syncer.status().pending == 0  # the catalog's journal entry went in the same sync
    with pytest.raises(Refused) as local:
        mall.add_item(till.uow(), till.shop, OWNER, mall.ItemSpec("X", "礼", "X", 5), None)
    assert local.value.code == "forbidden"
    mall.exchange_gift(till.uow(), till.shop, CASHIER, "TEA", someone)
    assert mall.list_items(till.reading(), till.shop)[0]["stock"] == 2
    syncer.sync_once()
    assert mall.list_items(till.reading(), till.shop)[0]["stock"] == 2
    with network.ledger.session() as s:
        assert s.get(MallStock, ("m1", "TEA", "静安店")).quantity == 2
    assert network.ledger.balance(someone) == balance(till, someone) == 200
    check_books(network.ledger)
    report = network.ledger.get("/v1/reports/day", merchant="m1", day="2026-03-01").json()
    assert (report["exchanges"], report["exchange_points"]) == (1, 300)


def test_a_coupon_issued_here_and_not_yet_sent_stays_off_the_stock_the_ledger_sends(network: Any) -> None:
    admin_post(network, "/v1/mall/items", {"merchant": "m1", "item": C10})
    admin_post(network, "/v1/mall/stock", {"merchant": "m1", "item": "C10", "store": "静安店", "stock": 3})
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"))
    someone = member(till)
    syncer.sync_once()
    key = load_private_key(KeyFiles(till.home.private_key.parent).merchant_private)
    coupons.issue_coupon(till.uow(), till.shop, CASHIER, key, "C10", someone)
    pull_catalog(till, syncer.client)  # the ledger still counts 3: the issue has not reached it
    assert mall.list_items(till.reading(), till.shop, "coupon")[0]["stock"] == 2
    syncer.sync_once()
    assert mall.list_items(till.reading(), till.shop, "coupon")[0]["stock"] == 2
    with network.ledger.session() as s:
        assert s.get(MallStock, ("m1", "C10", "静安店")).quantity == 2


def test_a_coupon_used_at_two_offline_terminals_is_caught_at_sync(network: Any) -> None:
    admin_post(network, "/v1/mall/items", {"merchant": "m1", "item": C10})
    one, two = network.store("T1"), network.store("T2", name="徐汇店")
    sync_one = network.connect(one, network.ledger.terminal("m1", "静安店", "T1"))
    sync_two = network.connect(two, network.ledger.terminal("m1", "徐汇店", "T2"))
    someone = member(one)
    sync_one.sync_once()
    sync_two.sync_once()
    key = load_private_key(KeyFiles(one.home.private_key.parent).merchant_private)
    code = coupons.issue_coupon(one.uow(), one.shop, CASHIER, key, "C10", someone)["code"]
    sync_one.sync_once()
    sync_two.sync_once()  # learns the member's balance and the store keys, then both go offline
    for till in (one, two):
        sale = record_sale(till.uow(), till.shop, CASHIER, SaleRequest([("general", 6000)], someone, coupon=code))
        assert sale.paid_fen == 5000
    sync_one.sync_once()
    sync_two.sync_once()
    clashes = network.ledger.get("/v1/reports/coupon-clashes", merchant="m1").json()
    assert len(clashes) == 1
    assert clashes[0]["coupon_id"] == code.split("/")[2] and clashes[0]["discount_fen"] == 1000
    assert {clashes[0]["first_use"].split("/")[0], clashes[0]["second_use"].split("/")[0]} == {"T1", "T2"}
    with two.reading() as uow, pytest.raises(Refused) as refused:  # T2 took it; its slip was printed at T1
        receipt_kind(uow.session, two.shop, clashes[0]["coupon_id"])
    assert refused.value.code == "not_found"
    said = ledger_cli(["--db", f"sqlite:///{network.root / 'ledger.db'}", "report", "coupon-clashes", "--merchant", "m1"])
    assert said.status == 0 and said.text == (
        f"coupon {clashes[0]['coupon_id']} of member {someone} taken off twice: {clashes[0]['first_use']}, then "
        f"{clashes[0]['second_use']} on 2026-03-01 (¥10.00 off the second time)")
    report = network.ledger.get("/v1/reports/day", merchant="m1", day="2026-03-01").json()
    assert (report["coupons_issued"], report["coupons_used"]) == (1, 2)
    check_books(network.ledger)


def test_claims_need_the_ledger_and_are_one_per_member(network: Any) -> None:
    till = network.store("T1")
    token = network.ledger.terminal("m1", "静安店", "T1")
    syncer = network.connect(till, token)
    someone = member(till)
    admin_post(network, "/v1/mall/offers", {"merchant": "m1", "id": "HOTPOT", "title": "火锅双人餐", "partner": "海底",
                                            "points": 100, "starts_at": "2000-01-01T00:00:00+08:00",
                                            "ends_at": "2100-01-01T00:00:00+08:00", "codes": ["A1", "A2"]})
    with pytest.raises(Refused) as down:
        claim_code(till, LedgerClient("http://127.0.0.1:9", token), CASHIER, "HOTPOT", someone)
    assert down.value.code == "offline" and balance(till, someone) == 500
    got = claim_code(till, syncer.client, CASHIER, "HOTPOT", someone)
    assert got["code"] == "A1" and got["member"] == {"id": someone, "balance": 400}
    with pytest.raises(Refused) as twice:
        claim_code(till, syncer.client, CASHIER, "HOTPOT", someone)
    assert twice.value.code == "already_claimed"
    with pytest.raises(Refused) as missing:
        claim_code(till, syncer.client, CASHIER, "NOPE", someone)
    assert missing.value.code == "not_found"
    syncer.sync_once()
    assert network.ledger.balance(someone) == balance(till, someone) == 400
    report = network.ledger.get("/v1/reports/day", merchant="m1", day="2026-03-01").json()
    assert (report["codes_claimed"], report["claim_points"]) == (1, 100)
    check_books(network.ledger)


@pytest.mark.slow
def test_twenty_terminals_claiming_the_last_five_codes_at_once_get_exactly_five(pg_cluster: str, tmp_path: Any) -> None:
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_cluster, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine = db.open_engine(pg_cluster.rsplit("/", 1)[0] + f"/{name}")
    try:
        ledger = open_ledger(engine)
        ledger.merchant("m1")
        from terminal.home import Home
        from tests.helpers.store import new_till

        till = new_till(Home(tmp_path / "T1"))
        token = ledger.terminal("m1", "静安店", "T1")
        members = [member(till, f"1380000{n:04d}") for n in range(20)]
        ledger.sync(till, token)
        with ledger.session() as s, s.begin():
            s.add(Offer(merchant_id="m1", id="DROP", title="drop", partner="p", points=100,
                        starts_at="2000-01-01T00:00:00Z", ends_at="2100-01-01T00:00:00Z", total=8, remaining=5))
        from ledger.models import OfferCode

        with ledger.session() as s, s.begin():
            s.add_all(OfferCode(merchant_id="m1", offer_id="DROP", code=f"K{n}", member_id=None) for n in range(5))
        answers: list[tuple[int, dict[str, Any]]] = []
        start = threading.Barrier(20)
        with serve(engine) as url:
            def claim(member_id: str) -> None:
                session = requests.Session()
                start.wait()
                reply = session.post(url + "/v1/mall/claims", json={"offer": "DROP", "member_id": member_id},
                                     headers={"Authorization": f"Bearer {token}"}, timeout=60)
                answers.append((reply.status_code, reply.json()))
            threads = [threading.Thread(target=claim, args=(m,)) for m in members]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
        won = [body for status, body in answers if status == 200]
        assert len(answers) == 20 and len(won) == 5
        assert sorted(body["code"] for body in won) == [f"K{n}" for n in range(5)]
        assert {body["error"] for status, body in answers if status != 200} == {"out_of_stock"}
        with ledger.session() as s:
            assert s.scalar(select(Offer.remaining).where(Offer.id == "DROP")) == 0
            assert len(s.scalars(select(OfferClaim)).all()) == 5
        assert sorted(ledger.balance(m) for m in members) == [400] * 5 + [500] * 15
        check_books(ledger)
        till.close()
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


def test_the_ledger_refuses_an_item_for_a_tier_its_rules_do_not_have(network: Any) -> None:
    answer = requests.post(network.url + "/v1/mall/items", json={"merchant": "m1", "item": {**TEA, "tiers": ["platinum"]}},
                           headers={"Authorization": f"Bearer {network.ledger.admin}"}, timeout=10)
    assert answer.status_code == 422 and answer.json() == {
        "error": "bad_input", "message": "there is no tier 'platinum': the tiers are regular, silver, gold, diamond"}
    assert requests.get(network.url + "/v1/mall/items", params={"merchant": "m1"}, timeout=10,
                        headers={"Authorization": f"Bearer {network.ledger.admin}"}).json() == []


def test_a_coupon_used_at_one_terminal_is_refused_at_the_others_once_they_sync(
        network: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIFEN_NOW", "2026-03-01T12:00:00+08:00")  # the ledger's day is the terminals'
    admin_post(network, "/v1/mall/items", {"merchant": "m1", "item": C10})
    one, two, three = network.store("T1"), network.store("T2", name="徐汇店"), network.store("T3", name="徐汇店")
    syncers = [network.connect(till, network.ledger.terminal("m1", till.shop.store, till.shop.terminal_id))
               for till in (one, two, three)]
    someone = member(one)
    for syncer in syncers:  # the catalog, the member and the store keys
        syncer.sync_once()
    key = load_private_key(KeyFiles(one.home.private_key.parent).merchant_private)
    issued = coupons.issue_coupon(one.uow(), one.shop, CASHIER, key, "C10", someone)
    for syncer in syncers:
        syncer.sync_once()
    sale = record_sale(two.uow(), two.shop, CASHIER, SaleRequest([("general", 6000)], someone, coupon=issued["code"]))
    for syncer in (syncers[1], syncers[0], syncers[2]):
        syncer.sync_once()
    for till in (one, three):  # the terminal that issued it, and one that never saw it
        shown = coupons.show_coupon(till.uow(), till.shop, issued["code"])
        assert (shown["status"], shown["used_sale"], shown["value_fen"]) == ("used", sale.sale_id, 1000)
        with pytest.raises(Refused) as refused:
            record_sale(till.uow(), till.shop, CASHIER, SaleRequest([("general", 6000)], someone, coupon=issued["code"]))
        assert refused.value.code == "coupon_used" and sale.sale_id in refused.value.message
    with one.reading() as uow:
        last_day = date.fromisoformat(issued["expires_on"])
        assert coupons.expired_by_day(uow.session, last_day, last_day) == {}
    assert network.ledger.get("/v1/reports/coupon-clashes", merchant="m1").json() == []


def test_a_coupon_of_another_merchant_sharing_the_points_is_not_taken_for_one_of_ours(
        network: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Coupon ids are a merchant's own: tea and noodles, sharing one points currency, may each have a T1-9."""
    monkeypatch.setenv("JIFEN_NOW", "2026-03-01T12:00:00+08:00")
    tills = {}
    for merchant, store in (("tea", "茶铺"), ("noodles", "面馆")):
        network.ledger.merchant(merchant, currency="mall")
        admin_post(network, "/v1/mall/items", {"merchant": merchant, "item": C10})
        till = init_store(Home(network.root / merchant), store=store, terminal_id="T1", merchant=merchant,
                          timezone="Asia/Shanghai", owner=OWNER.name, pin=OWNER_PIN, clock=at("2026-03-01 10:00"))
        tills[merchant] = (till, network.connect(till, network.ledger.terminal(merchant, store, "T1")))
    (tea, sync_tea), (noodles, sync_noodles) = tills["tea"], tills["noodles"]
    shared, own = member(tea, "13800138000"), member(tea, "13900139000")
    for syncer in (sync_tea, sync_noodles, sync_tea):
        syncer.sync_once()
    for n in range(1, 50):  # until the next coupon gets the same id at both
        if journal_seq(tea) == journal_seq(noodles):
            break
        member(tea if journal_seq(tea) < journal_seq(noodles) else noodles, f"137{n:08d}")
    ours = coupons.issue_coupon(tea.uow(), tea.shop, CASHIER, merchant_key(tea), "C10", own)
    theirs = coupons.issue_coupon(noodles.uow(), noodles.shop, CASHIER, merchant_key(noodles), "C10", shared)
    assert ours["coupon_id"] == theirs["coupon_id"]
    record_sale(noodles.uow(), noodles.shop, CASHIER, SaleRequest([("general", 6000)], shared, coupon=theirs["code"]))
    sync_noodles.sync_once()
    sync_tea.sync_once()
    assert coupons.show_coupon(tea.uow(), tea.shop, ours["code"])["status"] == "valid"
    assert record_sale(tea.uow(), tea.shop, CASHIER, SaleRequest([("general", 6000)], own, coupon=ours["code"])).paid_fen == 5000


def journal_seq(till: Any) -> int:
    with till.reading() as uow:
        return int(uow.session.scalar(select(func.max(JournalEntry.seq))))


def merchant_key(till: Any) -> Any:
    return load_private_key(KeyFiles(till.home.private_key.parent).merchant_private)
