"""`jifen member export` reads every member's figures with a few queries whatever the number of members (not one
per member: 100,000 members took 10 seconds), and writes the very file the per-member figures give
(``member_stats`` for the tier, the member's own lots for the balance and the next expiry)."""

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from terminal.bootstrap import open_till
from terminal.home import Home
from terminal.models import Lot, Member
from terminal.services import member_export
from terminal.services.member_export import HEADER, export_members
from terminal.services.members import member_stats
from tests.helpers.cli import Jifen
from tests.helpers.statements import statements_run
from tests.helpers.store import OWNER, at

ZHANG, LI, WANG, ZHAO, QIAN, SUN = "13800138000", "13900139000", "13700137000", "13600136000", "13500135000", \
    "13400134000"


@pytest.fixture
def shop(jifen: Jifen) -> Jifen:
    """Sales a year apart (lots expiring at the end of 2027 and of 2028; growth in and out of the trailing year):
    张三 银卡 by ¥2,500, 李四 金卡 by ¥12,000, 王五 owing 500 points and holding no lot, 赵六 without a lot (no
    signup bonus then), 钱七 银卡 linked to a ledger whose figures count his first sale
    (金卡 were it counted twice, or the ledger's day before the trailing year), and 孙八 普通会员 by a refund."""
    jifen.now = "2026-03-02T10:00:00+08:00"
    jifen.member(ZHANG, "--name", "张三")
    jifen.ok("sale", "--member", ZHANG, "--line", "general:2500", by="amy")
    jifen.member(LI, "--name", "李四")
    jifen.ok("sale", "--member", LI, "--line", "general:12000", by="amy")
    jifen.member(WANG, "--name", "王五")
    earning = jifen.ok("sale", "--member", WANG, "--line", "general:1000", by="amy")
    jifen.ok("sale", "--member", WANG, "--line", "general:10", "--redeem", "1000", by="amy")
    jifen.ok("refund", earning["sale_id"], by="max")  # takes back 500 already spent: debt
    jifen.set_rule("signup_bonus = 0")
    jifen.member(ZHAO, "--name", "=1+2")
    jifen.set_rule("signup_bonus = 500")
    qian = jifen.member(QIAN, "--name", "钱七")
    first = jifen.ok("sale", "--member", QIAN, "--line", "general:6000", by="amy")
    jifen.ok("sale", "--member", QIAN, "--line", "general:1000", by="amy")
    (seq,), = jifen.query("SELECT seq FROM sales WHERE id = ?", first["sale_id"])
    jifen.query("UPDATE members SET ledger_seq = ?, ledger_growth_fen = 1400000, ledger_growth_days = ? WHERE id = ?",
                seq, '[["2026-02-01", 800000], ["2026-03-02", 600000]]', qian)
    jifen.member(SUN, "--name", "孙八")
    jifen.ok("sale", "--member", SUN, "--line", "general:1500", by="amy")
    refunded = jifen.ok("sale", "--member", SUN, "--line", "general:1000", by="amy")
    jifen.ok("refund", refunded["sale_id"], by="max")
    jifen.now = "2027-02-01T10:00:00+08:00"
    jifen.ok("sale", "--member", ZHANG, "--line", "general:100", by="amy")
    jifen.ok("sale", "--member", LI, "--line", "general:300", by="amy")
    assert jifen.balance(WANG) == -500
    return jifen


def _per_member(home: Path, when: str) -> bytes:
    """The file as each member's own figures give it: ``member_stats`` and the member's lots, one member at a time."""
    till = open_till(Home(home), at(when))
    try:
        today = till.shop.today()
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(HEADER)
        with till.reading() as uow:
            session = uow.session
            for member in session.scalars(select(Member).order_by(Member.registered_on, Member.id)):
                tier = till.shop.rules.tier_for(member_stats(session, member, today).growth_fen).label
                lots = [lot for lot in session.scalars(select(Lot).where(Lot.member_id == member.id))
                        if lot.remaining > 0 and lot.expires_on >= today]
                next_on = min((lot.expires_on for lot in lots), default=None)
                balance = max(0, sum(lot.remaining for lot in lots) - member.debt_points)
                next_points = sum(lot.remaining for lot in lots if lot.expires_on == next_on)
                writer.writerow([member_export._phone(member.phone), member_export._text(member.name or ""),
                                 str(balance), tier, member.registered_on.isoformat(),
                                 next_on.isoformat() if next_on else "", str(next_points) if next_on else "",
                                 str(member.debt_points) if member.debt_points else ""])
        return out.getvalue().encode("utf-8-sig")
    finally:
        till.close()


@pytest.mark.parametrize("when", ["2027-02-01 12:00", "2027-03-01 12:00", "2027-03-02 12:00", "2028-01-01 12:00"])
def test_the_file_is_the_one_the_per_member_figures_give(shop: Jifen, tmp_path: Path, when: str) -> None:
    """The last day of 2026-03-02's sales in the trailing year and the first without; lots of 2027 still held and
    past their day (not yet expired by the till)."""
    shop.now = when.replace(" ", "T") + ":00+08:00"
    path = tmp_path / "members.csv"
    assert shop.ok("member", "export", str(path), by="boss")["exported"] == 6
    assert path.read_bytes() == _per_member(shop.home, when)


def test_the_figures_cover_tiers_expiries_debt_and_members_without_lots(shop: Jifen, tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    shop.now = "2027-03-01T12:00:00+08:00"
    shop.ok("member", "export", str(path), by="boss")
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    by_phone = {row[0].replace(" ", ""): row for row in rows[1:]}
    assert [by_phone[p][3] for p in (ZHANG, LI, WANG, ZHAO, QIAN, SUN)] == [
        "银卡", "金卡", "普通会员", "普通会员", "银卡", "普通会员"]
    assert by_phone[ZHANG][5] == "2027-12-31" and 0 < int(by_phone[ZHANG][6]) < int(by_phone[ZHANG][2])  # and 2028's
    assert by_phone[WANG][2:] == ["0", "普通会员", "2026-03-02", "", "", "500"]
    assert by_phone[ZHAO][2:] == ["0", "普通会员", "2026-03-02", "", "", ""]
    shop.now = "2027-03-02T12:00:00+08:00"  # 2026-03-02 out of the trailing year
    shop.ok("member", "export", str(tmp_path / "later.csv"), by="boss")
    rows = list(csv.reader(io.StringIO((tmp_path / "later.csv").read_bytes().decode("utf-8-sig"), newline="")))
    assert {row[0].replace(" ", ""): row[3] for row in rows[1:]}[LI] == "普通会员"


def _queries(home: Path, tmp_path: Path, name: str) -> int:
    till = open_till(Home(home), at("2027-03-01 12:00"))
    try:
        with statements_run(till.engine) as statements:
            assert export_members(till.uow(), till.shop, OWNER, tmp_path / name).members > 0
    finally:
        till.close()
    return len(statements)


def test_the_number_of_queries_does_not_grow_with_the_members(shop: Jifen, tmp_path: Path) -> None:
    few = _queries(shop.home, tmp_path, "few.csv")
    shop.now = "2027-02-01T11:00:00+08:00"
    for i in range(20):
        phone = f"1330000{i:04d}"
        shop.member(phone)
        shop.ok("sale", "--member", phone, "--line", "general:100", by="amy")
    assert _queries(shop.home, tmp_path, "many.csv") == few

