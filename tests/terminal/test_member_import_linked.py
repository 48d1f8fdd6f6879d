"""`jifen member import` at a till linked to a ledger: only having synced (pulled the other tills' members) within
the last 10 minutes, so that the same file imported at a second till of the shop is refused for the members it
already has, instead of making each a second member at the ledger with the balance again."""

from pathlib import Path

import pytest

from sqlalchemy import func, select

from ledger.models import Member
from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger
from tests.helpers.linked_tills import link, new_till

ZH = {"LANG": "zh_CN.UTF-8"}
ROWS = "手机号,姓名,积分\r\n13600136021,王小明,500\r\n13600136022,李四,20\r\n"
SYNC_FIRST = "先同步（jifen sync）再导入：其他终端导入的会员要先拿到，否则同一会员会在总账上出现两次"


def test_a_second_till_imports_the_same_file_only_after_syncing_and_then_refuses_its_members(
        jifen: Jifen, ledger_url: tuple[Ledger, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    books, url = ledger_url
    other = new_till(tmp_path / "t2", monkeypatch, capsys)
    link(books, url, (jifen, "T1"), (other, "T2"))  # both synced at 10:00
    path = tmp_path / "members.csv"
    path.write_bytes(ROWS.encode("gb18030"))
    jifen.now = other.now = "2026-03-01T10:30:00+08:00"
    jifen.ok("sync")

    run = jifen("member", "import", str(path), by="boss", env=ZH)
    assert run.out.strip() == ("已导入 2 位会员，共 520 积分（取自“积分”列），于 2027-12-31 过期；姓名取自“姓名”列；不送注册积分。"
                               "只需在一台终端导入；其他终端同步后就有这些会员"), str(run)
    jifen.ok("sync")
    member = jifen.ok("member", "show", "13600136021")["id"]

    before = other.dump()
    run = other("member", "import", str(path), by="boss", env=ZH)
    assert (run.status, run.out, run.err.strip()) == (2, "", f"{SYNC_FIRST}；未导入任何会员"), str(run)
    assert other.refused("member", "import", str(path), by="boss") == "offline"
    run = other("member", "import", str(path), "--dry-run", by="boss", env=ZH)
    assert run.status == 0 and run.out.strip().endswith(f"。正式导入前：{SYNC_FIRST}"), str(run)
    assert other.ok("member", "import", str(path), "--dry-run", by="boss")["sync_first"] is True
    assert other.dump() == before

    other.ok("sync")
    run = other("member", "import", str(path), "--json", by="boss")
    assert run.json == {"error": "bad_input", "message": "nothing was imported: 2 problems in the file: line 2: "
                        "136****6021 is already a member here; line 3: 136****6022 is already a member here"}
    assert other.ok("member", "show", "13600136021")["id"] == member
    assert books.balance(member) == 500
    with books.session() as session:
        assert session.scalar(select(func.count()).where(Member.phone == "13600136021")) == 1
