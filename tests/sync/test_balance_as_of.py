"""A till connected to a ledger knows a member's balance as of its last sync, plus its own entries: when that sync
is more than a minute old (the app syncs every 15 seconds), `jifen member show` says so, in English and Chinese,
and its JSON gives the time (`balance_as_of`); a fresh sync takes the note away. A till without a ledger is
unchanged."""

from pathlib import Path

import pytest

from ledger import db
from tests.helpers.cli import Jifen
from tests.helpers.ledger import open_ledger
from tests.helpers.ledger_server import free_port, serve
from tests.helpers.linked_tills import link, new_till

PHONE = "13800000002"
SYNCED = "2026-03-01T10:00:00+08:00"
LATER = "2026-03-01T10:10:00+08:00"
NOTE_EN = ("  Balance as of the last sync with the ledger, 2026-03-01 10:00: points earned or spent at other tills "
           "since then are not in it")
NOTE_ZH = "  积分余额截至上次与总账同步（2026-03-01 10:00）：此后在其他终端获得或使用的积分未计入"


@pytest.fixture
def t3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Jifen:
    return new_till(tmp_path / "t3", monkeypatch, capsys, terminal="T3")


def balance_lines(run_out: str) -> list[str]:
    lines = run_out.splitlines()
    at = next(n for n, line in enumerate(lines) if "Balance:" in line or "积分余额：" in line)
    return lines[at:at + 2]


def test_a_till_whose_last_sync_is_old_says_its_balance_is_as_of_then(
        tmp_path: Path, jifen: Jifen, t3: Jifen) -> None:
    port = free_port()
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    with serve(engine, port) as url:
        link(ledger, url, (jifen, "T1"), (t3, "T3"))
        lisi = jifen.member(PHONE, "--name", "李四")
        jifen.ok("sync")
        t3.ok("sync")
        before = t3.balance(PHONE)
    # The ledger is down from here: T1's sale reaches neither the ledger nor T3.
    jifen.now = t3.now = LATER
    assert jifen.ok("sale", "--member", PHONE, "--line", "general:200", by="amy")["earned_points"] == 100
    assert jifen.balance(PHONE) == before + 100

    shown = t3("member", "show", PHONE)
    assert shown.status == 0, str(shown)
    assert balance_lines(shown.out) == [f"  Balance: {before:,} points", NOTE_EN]
    zh = t3("member", "show", PHONE, env={"LANG": "zh_CN.UTF-8"})
    assert balance_lines(zh.out) == [f"  积分余额：{before:,}", NOTE_ZH]
    data = t3.ok("member", "show", PHONE)
    assert (data["id"], data["balance"], data["balance_as_of"]) == (lisi, before, SYNCED)

    with serve(engine, port):  # the ledger back: T1 sends its sale, T3 takes it
        jifen.ok("sync")
        t3.ok("sync")
        fresh = t3("member", "show", PHONE)
        assert balance_lines(fresh.out)[:1] == [f"  Balance: {before + 100:,} points"]
        assert "last sync" not in fresh.out
        assert t3.ok("member", "show", PHONE)["balance_as_of"] == LATER
    engine.dispose()


def test_a_till_connected_that_never_synced_says_so(tmp_path: Path, jifen: Jifen) -> None:
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    jifen.member(PHONE)
    token = ledger.terminal("m1", "静安店", "T1")
    with serve(engine) as url:
        jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
    engine.dispose()

    assert balance_lines(jifen("member", "show", PHONE).out)[1] == (
        "  Balance as this till alone knows it: it has never synced with the ledger, so points earned or spent at "
        "other tills are not in it")
    assert balance_lines(jifen("member", "show", PHONE, env={"LANG": "zh_CN.UTF-8"}).out)[1] == (
        "  积分余额仅为本终端所知：本终端尚未与总账同步，在其他终端获得或使用的积分未计入")
    assert jifen.ok("member", "show", PHONE)["balance_as_of"] is None


def test_a_till_without_a_ledger_shows_the_balance_alone(jifen: Jifen) -> None:
    jifen.member(PHONE)
    jifen.now = "2026-03-09T10:00:00+08:00"
    balance = jifen.balance(PHONE)
    english = balance_lines(jifen("member", "show", PHONE).out)
    assert english[0] == f"  Balance: {balance:,} points" and english[1].startswith("  Next expiry: ")
    chinese = balance_lines(jifen("member", "show", PHONE, env={"LANG": "zh_CN.UTF-8"}).out)
    assert chinese[0] == f"  积分余额：{balance:,}" and chinese[1].endswith(" 过期")
    assert "balance_as_of" not in jifen.ok("member", "show", PHONE)
