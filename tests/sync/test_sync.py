"""A terminal syncing with a real ledger over TCP: exactly once, in order, offline-safe."""

import json
import random
import threading
from dataclasses import replace
from datetime import date

import pytest

from ledger import service
from ledger.api import create_app
from ledger.expiry import expire_all
from sync.client import LedgerClient, LedgerRefused, LinkDown
from sync.relay import Syncer
from terminal import ledger_link
from terminal.backup import backup_to, check_backup
from terminal.errors import Refused
from terminal.keys import KeyFiles, load_code_signer
from terminal.models import JournalEntry
from terminal.services.codes import issue_member_code, revoke_member_codes
from terminal.services.members import show_member
from terminal.shop import LedgerState
from tests.helpers.ledger import check_books
from tests.helpers.ledger_server import serve
from tests.helpers.store import MANAGER, member, move_clock, sell
from tests.sync.conftest import Network

PHONE = "13800138000"


def _pending(till) -> int:  # type: ignore[no-untyped-def]
    with till.reading() as uow:
        return ledger_link.pending_count(uow.session)


def test_a_sync_sends_everything_once_and_the_ledger_agrees(network: Network) -> None:
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"))
    m = member(till, PHONE)
    sell(till, m, ("general", 19999))
    assert _pending(till) > 0
    pushed = syncer.sync_once()
    assert pushed == syncer.status().pending + pushed and _pending(till) == 0
    assert syncer.status().online and syncer.status().last_error is None
    assert network.ledger.balance(m) == show_member(till.reading(), till.shop, m).balance == 599
    assert syncer.sync_once() == 0  # nothing new: nothing sent
    check_books(network.ledger)


def test_a_ledger_older_than_the_points_mall_still_takes_the_terminals_entries(network: Network) -> None:
    old = create_app(network.ledger.engine)
    old.router.routes = [route for route in old.router.routes if not getattr(route, "path", "").startswith("/v1/mall")]
    with serve(network.ledger.engine, app=old) as old_url:
        till = network.store("T1")
        syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"), old_url)
        m = member(till, PHONE)
        sell(till, m, ("general", 19999))
        syncer.sync_once()
        assert _pending(till) == 0 and syncer.status().online and syncer.status().last_error is None
        assert network.ledger.balance(m) == show_member(till.reading(), till.shop, m).balance == 599


def test_a_wrong_token_is_a_clear_error_and_every_entry_stays_pending(network: Network) -> None:
    till = network.store("T1")
    network.ledger.terminal("m1", "静安店", "T1")
    syncer = network.connect(till, "jt_not-the-token")
    sell(till, None, ("general", 100))
    before = _pending(till)
    with pytest.raises(LedgerRefused) as refused:
        syncer.sync_once()
    assert refused.value.status == 401
    assert _pending(till) == before
    assert "refused" in (syncer.status().last_error or "")


def test_a_ledger_that_answers_for_another_merchant_is_refused(network: Network) -> None:
    network.ledger.merchant("m2")
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m2", "别家店", "T1"))
    sell(till, None, ("general", 100))
    with pytest.raises(Refused) as refused:
        syncer.sync_once()
    assert refused.value.code == "forbidden" and "m2/T1" in refused.value.en
    shop = till.shop
    add = f"jifen-ledger terminal add --merchant {shop.merchant} --store {shop.store} --terminal T1"
    assert refused.value.en.endswith(f"(made on the ledger with: {add})")  # what the ledger's owner types
    assert refused.value.zh.endswith(f"（在总账上用此命令生成：{add}）")
    assert _pending(till) > 0


def test_offline_keeps_selling_and_applies_the_caps_once_the_snapshot_is_old(network: Network) -> None:
    till = network.store("T1")
    token = network.ledger.terminal("m1", "静安店", "T1")
    syncer = network.connect(till, token)
    m = member(till, PHONE)
    sell(till, m, ("general", 1_200_000))  # 6,000 more points
    syncer.sync_once()
    down = Syncer(till, LedgerClient("http://127.0.0.1:9", token))  # nothing listens there
    move_clock(till, "2026-03-01 10:30")
    sell(till, None, ("general", 100))
    with pytest.raises(LinkDown):
        down.sync_once()
    assert "cannot reach" in (down.status().last_error or "")
    assert till.shop.offline_caps_apply
    with pytest.raises(Refused) as capped:
        sell(till, m, ("general", 600000), redeem=5001)
    assert capped.value.code == "over_offline_cap"
    sell(till, m, ("general", 600000), redeem=5000)
    assert _pending(till) > 0
    syncer.sync_once()
    assert _pending(till) == 0 and not till.shop.offline_caps_apply
    assert network.ledger.balance(m) == show_member(till.reading(), till.shop, m).balance
    check_books(network.ledger)


def test_a_member_of_another_store_is_served_after_a_pull(network: Network) -> None:
    one, two = network.store("T1"), network.store("T2", "徐汇店")
    sync_one = network.connect(one, network.ledger.terminal("m1", "静安店", "T1"))
    sync_two = network.connect(two, network.ledger.terminal("m1", "徐汇店", "T2"))
    m = member(one, PHONE)
    sell(one, m, ("general", 200000))  # +1,000
    sync_one.sync_once()
    sync_two.sync_once()
    here = show_member(two.reading(), two.shop, PHONE)
    assert (here.id, here.balance, here.growth_fen) == (m, 1500, 200000)
    sale = sell(two, m, ("general", 10000), redeem=1000)  # silver by the ledger's growth: ¥90 × 0.5 × 1.2
    assert sale.earned_points == 54 and sale.member is not None and sale.member.balance == 1500 - 1000 + 54
    sync_two.sync_once()
    sync_one.sync_once()
    assert show_member(one.reading(), one.shop, m).balance == network.ledger.balance(m) == \
        show_member(two.reading(), two.shop, m).balance
    check_books(network.ledger)


def test_two_offline_stores_overdrawing_a_member_both_refuse_afterwards(network: Network) -> None:
    one, two = network.store("T1"), network.store("T2", "徐汇店")
    sync_one = network.connect(one, network.ledger.terminal("m1", "静安店", "T1"))
    sync_two = network.connect(two, network.ledger.terminal("m1", "徐汇店", "T2"))
    m = member(one, PHONE)
    sync_one.sync_once()
    sync_two.sync_once()
    for till in (one, two):  # both lose the link and go on
        till.shop = replace(till.shop, ledger=LedgerState(network.url, online=False))
    sell(one, m, ("general", 400), redeem=400)
    sell(two, m, ("general", 300), redeem=300)  # together 700 of the 500 the member had
    sync_one.sync_once()
    sync_two.sync_once()
    sync_one.sync_once()  # the pull brings the debt to the first store too
    report = network.ledger.get("/v1/reports/overdrawn", merchant="m1").json()
    assert [(r["member_id"], r["debt"]) for r in report] == [(m, 200)]
    for till in (one, two):
        view = show_member(till.reading(), till.shop, m)
        assert (view.balance, view.debt_points) == (-200, 200)
        with pytest.raises(Refused) as refused:
            sell(till, m, ("general", 100), redeem=1)
        assert refused.value.code == "member_in_debt"
    check_books(network.ledger)


def test_the_ledgers_rules_replace_the_local_ones(network: Network) -> None:
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"))
    network.ledger.do(lambda s: service.set_rules(s, "m1", {"signup_bonus": 800}))
    syncer.sync_once()
    assert till.shop.rules.signup_bonus == 800
    assert "signup_bonus = 800" in till.home.rules.read_text(encoding="utf-8")
    m = member(till, PHONE)
    assert show_member(till.reading(), till.shop, m).balance == 800
    sale = sell(till, m, ("general", 100))
    with till.reading() as uow:
        entry = uow.session.get(JournalEntry, sale.seq)
        assert entry is not None and json.loads(entry.payload)["rules_version"] == till.shop.rules.version


def test_a_promotion_with_dates_reaches_the_terminal(network: Network) -> None:
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"))
    promotion = {"name": "会员日", "multiplier": 200, "days_of_month": [1], "from": date(2026, 1, 1),
                 "until": date(2026, 12, 31)}  # as a rules.toml gives them to `jifen-ledger merchant rules`
    network.ledger.do(lambda s: service.set_rules(s, "m1", {"promotions": [promotion]}))
    syncer.sync_once()
    assert syncer.status().last_error is None
    (held,) = till.shop.rules.promotions
    assert (held.name, held.start, held.until) == ("会员日", date(2026, 1, 1), date(2026, 12, 31))
    assert sell(till, member(till, PHONE), ("general", 10000)).earned_points == 100  # ¥100 × 0.5 × 2 on the 1st


def test_a_snapshot_waits_while_the_member_has_entries_the_ledger_has_not_seen(network: Network) -> None:
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"))
    m = member(till, PHONE)
    syncer.sync_once()
    sell(till, m, ("general", 10000))  # +50, not yet sent
    network.ledger.do(lambda s: expire_all(s, date(2030, 1, 1)))  # the ledger changes the member meanwhile
    syncer.pull()
    assert show_member(till.reading(), till.shop, m).balance == 550  # our unsent sale still counts
    syncer.sync_once()
    assert show_member(till.reading(), till.shop, m).balance == network.ledger.balance(m)


def test_member_codes_work_across_stores_and_revocations_travel(network: Network) -> None:
    one, two = network.store("T1"), network.store("T2", "徐汇店")
    sync_one = network.connect(one, network.ledger.terminal("m1", "静安店", "T1"))
    sync_two = network.connect(two, network.ledger.terminal("m1", "徐汇店", "T2"))
    m = member(one, PHONE)
    signer = load_code_signer(KeyFiles(one.home.private_key.parent), "m1")
    card = issue_member_code(one.reading(), one.shop, signer, m).code
    with pytest.raises(Refused) as stranger:
        show_member(two.reading(), two.shop, card)  # another store's key, not yet known here
    assert stranger.value.code == "unknown_key"
    sync_one.sync_once()
    sync_two.sync_once()
    assert show_member(two.reading(), two.shop, card).id == m
    move_clock(one, "2026-03-01 11:00")
    revoke_member_codes(one.uow(), one.shop, MANAGER, m, "card lost")
    sync_one.sync_once()
    sync_two.sync_once()
    with pytest.raises(Refused) as lost:
        show_member(two.reading(), two.shop, card)
    assert lost.value.code == "revoked"


def test_a_backup_older_than_what_the_ledger_holds_is_not_restored(network: Network) -> None:
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"))
    old = backup_to(till.home.db, network.root / "old.db")
    sell(till, None, ("general", 100))
    syncer.sync_once()
    with till.reading() as uow:
        held = ledger_link.the_link(uow.session).acked_seq
    with pytest.raises(Refused, match=f"ledger already holds this terminal's entries up to {held}"):
        check_backup(old, "T1", held)
    check_backup(backup_to(till.home.db, network.root / "new.db"), "T1", held)


def test_background_sync_reports_its_status_until_stopped(network: Network) -> None:
    till = network.store("T1")
    token = network.ledger.terminal("m1", "静安店", "T1")
    network.connect(till, token)
    sell(till, None, ("general", 100))
    seen: list = []  # type: ignore[type-arg]
    stop = threading.Event()

    def watch(status) -> None:  # type: ignore[no-untyped-def]
        seen.append(status)
        if status.pending == 0:
            stop.set()
    worker = threading.Thread(target=Syncer(till, LedgerClient(network.url, token)).run,
                              args=(stop, watch, 0.01, random.Random(1)))
    worker.start()
    worker.join(30)
    assert not worker.is_alive() and seen and seen[-1].online and seen[-1].pending == 0

    down = Syncer(till, LedgerClient("http://127.0.0.1:9", token))
    sell(till, None, ("general", 100))
    stop = threading.Event()
    failures: list = []  # type: ignore[type-arg]

    def count(status) -> None:  # type: ignore[no-untyped-def]
        failures.append(status)
        if len(failures) == 3:
            stop.set()
    down_worker = threading.Thread(target=down.run, args=(stop, count, 0.01, random.Random(2)))
    down_worker.start()
    down_worker.join(60)
    assert not down_worker.is_alive()
    assert all(s.pending == 1 and not s.online and "cannot reach" in (s.last_error or "") for s in failures)
