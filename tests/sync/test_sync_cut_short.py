"""A sync the ledger goes away from after it took some batches (its process killed, the network cut) says how many
entries were sent and how many stay pending, not that every entry does. A ledger on SQLite over TCP, behind a proxy
that stops answering after a number of batches; the command line as a shop runs it."""

import socket

import pytest

from sync import relay
from tests.helpers.cli import Jifen
from tests.helpers.fault_proxy import _read_request
from tests.helpers.ledger import Ledger
from tests.sync.test_link_problems import DribblingProxy, _connected, _point_at

PHONE = "13800138000"


class LedgerGoesAway(DribblingProxy):
    """Forwards ``batches`` batches to the ledger, then closes every connection at once: a ledger killed mid-sync."""

    def __init__(self, upstream: str, batches: int) -> None:
        super().__init__(upstream, slow=b"")
        self.batches = batches

    def handle(self, client: socket.socket) -> None:
        request = _read_request(client)
        if request is None:
            return
        if request.startswith(b"POST /v1/batches"):
            if self.batches <= 0:
                return
            self.batches -= 1
        client.sendall(self.forward(request))


def _held_by_ledger(ledger: Ledger, token: str) -> int:
    return int(ledger.get("/v1/whoami", token, held="true").json()["held_seq"])


def test_a_sync_cut_short_says_how_many_entries_were_sent_and_how_many_stay_pending(
        jifen: Jifen, ledger_url: tuple[Ledger, str], monkeypatch: pytest.MonkeyPatch) -> None:
    ledger, url = ledger_url
    token = _connected(jifen, ledger, url)
    jifen.member(PHONE)
    for amount in range(1, 8):
        jifen.ok("sale", "--line", f"general:{amount}", by="amy")
    monkeypatch.setattr(relay, "MAX_BATCH", 2)
    pending = jifen.ok("sync", "--status")["pending"]
    assert pending > 8
    with LedgerGoesAway(url, batches=2) as proxy:
        _point_at(jifen, proxy.url)
        run = jifen("sync")
        assert run.status == 2 and run.out == "" and run.err.startswith("the ledger cannot be reached (")
        assert run.err.endswith(f"); 4 entries were sent, {pending - 4} stay pending and sales go on\n")
        assert "every entry stays pending" not in run.err
        assert _held_by_ledger(ledger, token) == jifen.query("SELECT acked_seq FROM ledger_link")[0][0]
        assert jifen.ok("sync", "--status")["pending"] == pending - 4

        nothing_sent = jifen("sync")  # the ledger is still away: this run sent nothing
        assert nothing_sent.status == 2 and nothing_sent.err.endswith("; every entry stays pending and sales go on\n")

        proxy.batches = 1
        zh = jifen("sync", "--json", env={"LANG": "zh_CN.UTF-8"})
        assert zh.status == 2 and zh.json["error"] == "offline"
        assert zh.json["message"].endswith(f"；已发送 2 条，{pending - 6} 条保持待同步，销售照常进行")
    assert jifen.ok("sync", "--status")["pending"] == pending - 6
    _point_at(jifen, url)  # the ledger back: the rest goes, each entry once
    synced = jifen.ok("sync")
    assert (synced["pushed"], synced["pending"], synced["last_error"]) == (pending - 6, 0, None)
    assert _held_by_ledger(ledger, token) == jifen.query("SELECT max(seq) FROM journal")[0][0]
