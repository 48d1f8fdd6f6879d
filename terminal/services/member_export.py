"""The store's members as a CSV file that Excel on Chinese Windows opens by double-click, and that ``member import``
takes back into another store: same phones, names and balances.

- UTF-8 with a BOM: Excel reads it as UTF-8 (without the BOM it guesses GBK), and ``member import`` reads it too.
- Phones are written 138 0013 8000. Excel keeps digits grouped by spaces as text, so no 1.38001E+10, and the phone
  survives Excel saving the file again; ``member import`` drops the spaces. The other tricks that keep a phone text
  (="13800138000", a leading apostrophe) reach the next system or ``member import`` as part of the phone.
- 积分余额 is the one balance column ``member import`` takes; the other points columns are ones it leaves aside by
  their names (下次过期积分) or as not the balance (欠分). A member in debt is written 积分余额 0 and the debt in
  欠分: an import gives points, never a debt, and refuses a negative balance.
- A name Excel would take for a formula (=, +, -, @ first) gets a leading tab: Excel shows it as text, ``member
  import`` strips it.

The file is written whole or not at all (a scratch file in the same folder, renamed), never over an existing file,
readable by its owner only where the file system has owners. Exporting is recorded in the store's log, which names
who and how many, never a phone or a name.
"""

import csv
import errno
import io
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import Date, bindparam, func, select

from terminal import backup
from terminal.errors import Refused
from terminal.files import write_atomically
from terminal.models import Lot, Member
from terminal.services.cashiers import Actor
from terminal.services.members import members_growth
from terminal.services.staff import check_active
from terminal.shop import Shop
from terminal.uow import UnitOfWork

log = logging.getLogger("jifen")
HEADER = ("手机号", "姓名", "积分余额", "等级", "注册日期", "下次过期日期", "下次过期积分", "欠分")
_FORMULA_START = ("=", "+", "-", "@")
# The points each member holds by the day they expire, from today on: one row per member and day, soonest first.
_LIVE_LOTS = (select(Lot.member_id, Lot.expires_on, func.sum(Lot.remaining))
              .where(Lot.remaining > 0, Lot.expires_on >= bindparam("today", type_=Date))
              .group_by(Lot.member_id, Lot.expires_on)
              .order_by(Lot.member_id, Lot.expires_on))

_MEMBERS = select(Member.id, Member.phone, Member.name, Member.registered_on, Member.debt_points, Member.ledger_seq,
                  Member.ledger_growth_fen, Member.ledger_growth_days).order_by(Member.registered_on, Member.id)


class _Member(NamedTuple):
    """A member's columns the file needs, read as rows: 100,000 ORM objects cost more than the queries."""

    id: str
    phone: str
    name: str | None
    registered_on: date
    debt_points: int
    ledger_seq: int | None
    ledger_growth_fen: int
    ledger_growth_days: str | None


@dataclass(frozen=True)
class Exported:
    members: int
    file: Path
    in_debt: int  # members written with 积分余额 0 whose debt is in 欠分

    def as_json(self) -> dict[str, object]:
        return {"exported": self.members, "file": str(self.file), "in_debt": self.in_debt}


def export_members(uow: UnitOfWork, shop: Shop, owner: Actor, path: Path) -> Exported:
    """Write every member of the store to ``path`` (see ``backup.new_file_target``), oldest first."""
    if owner.role != "owner":
        raise Refused("forbidden", f"{owner.name} is not an owner: only an owner exports members",
                      f"{owner.name} 不是店主：只有店主可以导出会员")
    with uow:
        session = uow.session
        check_active(session, owner, "export members", "导出会员", needs="owner")
        today = shop.today()
        # A constant number of queries however many members, not one per member.
        live: dict[str, list[tuple[date, int]]] = {}
        for member_id, expires_on, remaining in session.execute(_LIVE_LOTS, {"today": today}):
            live.setdefault(member_id, []).append((expires_on, int(remaining)))
        members = [_Member(*row) for row in session.execute(_MEMBERS)]
        growth = members_growth(session, members, today)
        rows = [_row(member, live.get(member.id, []), shop.rules.tier_for(growth[member.id]).label)
                for member in members]
        in_debt = sum(1 for member in members if member.debt_points)
    _write(path, rows)
    _log(owner, len(rows), path)
    return Exported(len(rows), path, in_debt)


def _row(member: _Member, lots: list[tuple[date, int]], tier: str) -> list[str]:
    balance = max(0, sum(points for _, points in lots) - member.debt_points)
    next_on = lots[0][0] if lots else None
    next_points = lots[0][1] if lots else 0  # one row per day
    return [_phone(member.phone), _text(member.name or ""), str(balance), tier, member.registered_on.isoformat(),
            "" if next_on is None else next_on.isoformat(), "" if next_on is None else str(next_points),
            str(member.debt_points) if member.debt_points else ""]


def _phone(phone: str) -> str:
    return f"{phone[:3]} {phone[3:7]} {phone[7:]}" if len(phone) == 11 and phone.isdigit() else _text(phone)


def _text(cell: str) -> str:
    return "\t" + cell if cell.startswith(_FORMULA_START) else cell


def _write(path: Path, rows: list[list[str]]) -> None:
    """The whole file, or nothing (``write_atomically``)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)  # Excel's dialect: commas, quotes where needed, CRLF
    writer.writerow(HEADER)
    writer.writerows(rows)
    data = out.getvalue().encode("utf-8-sig")
    try:
        write_atomically(path, data, new=True)
    except FileExistsError:  # made meanwhile: never written over
        raise backup.already_exists(path) from None
    except OSError as problem:
        raise _unwritable(problem, path.parent) or problem


def _unwritable(problem: OSError, folder: Path) -> Refused | None:
    """A read-only disk or a folder without permission; None: another problem (a full disk: the caller's)."""
    if problem.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
        return None
    return backup.cannot_write_to(folder, read_only=problem.errno == errno.EROFS or backup.read_only_disk(folder))


def _log(owner: Actor, count: int, path: Path) -> None:
    """An INFO line the store's log keeps (its level is WARNING, so that no command fills it): personal data left
    the store (PIPL)."""
    record = log.makeRecord(log.name, logging.INFO, __file__, 0, "member export by %s: %d members written to %s",
                            (owner.name, count, path), None)
    log.handle(record)
