"""A partner's member is corrected at the partner's own shop. A till of another merchant sharing the points cannot tell
them from its own, and may edit them: the ledger keeps that entry without applying it, so the till's sync goes on,
and the member's snapshot in the answer puts their real phone (and no name) back at that till. Through `jifen` over
TCP to a ledger on SQLite: m1 (静安店 T1) and its partner m2 (乙站 T3)."""

from pathlib import Path

import pytest

from ledger.models import Member
from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger

WANG, WANG_NAME, NEW = "13900139000", "王五", "13911112222"  # registers at the partner m2


@pytest.fixture
def tills(jifen: Jifen, ledger_url: tuple[Ledger, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
          capsys: pytest.CaptureFixture[str]) -> tuple[Ledger, Jifen, Jifen, str]:
    ledger, url = ledger_url
    ledger.merchant("m2", currency="m1")
    t1, t3 = jifen, Jifen(tmp_path / "t3", monkeypatch, capsys)
    assert t3("init", "--store", "乙站", "--terminal", "T3", "--merchant", "m2", "--owner", "boss",
              env={"JIFEN_NEW_PIN": "8888"}).status == 0
    t1.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")})
    t3.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m2", "乙站", "T3")})
    wang = t3.ok("member", "add", "--phone", WANG, "--name", WANG_NAME, by="boss")["id"]
    for till in (t1, t3, t1):
        assert till.ok("sync")["pending"] == 0
    return ledger, t1, t3, str(wang)


def stored(till: Jifen, member_id: str) -> list[tuple[str, str | None]]:
    return [(p, n) for p, n in till.query("SELECT phone, name FROM members WHERE id = ?", member_id)]


def test_an_edit_of_a_partners_member_is_undone_and_the_sync_goes_on(tills: tuple[Ledger, Jifen, Jifen, str]) -> None:
    ledger, t1, t3, wang = tills
    t1.ok("member", "edit", WANG, "--phone", NEW, "--name", "王伍", by="max")
    assert stored(t1, wang) == [(NEW, "王伍")]
    assert t1.ok("sync")["pending"] == 0
    assert stored(t1, wang) == [(WANG, None)]  # as the partner's member was before: found by the real phone
    assert t1.ok("member", "show", WANG)["id"] == wang
    assert t1.refused("member", "show", NEW) == "not_found"
    t1.ok("sale", "--member", WANG, "--line", "general:100", by="boss")
    assert t1.ok("sync")["pending"] == 0  # later entries are taken
    with ledger.session() as s:
        row = s.get(Member, wang)
        assert row is not None and (row.phone, row.name) == (WANG, WANG_NAME)
    assert t3.ok("sync")["pending"] == 0
    assert stored(t3, wang) == [(WANG, WANG_NAME)]
    assert t1.balance(WANG) == t3.balance(WANG)
