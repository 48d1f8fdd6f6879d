"""Members brought from a shop's old loyalty system as a spreadsheet (CSV): phone, name, points.

The whole file is checked before anything is written, and imported in one transaction: all or nothing. Each member
is registered as ``member add`` does, but without a signup bonus, and given their points as an ``adjust`` entry (the
ledger applies it as any adjustment) dated the import day, so they expire by the rules as of that day.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from terminal import lots
from terminal.errors import Refused
from terminal.ids import member_id as new_member_id
from terminal.journal import Who
from terminal.models import Member
from terminal.money import half_width, ungrouped
from terminal.phones import mask_phone
from terminal.services.cashiers import Actor
from terminal.services.common import record
from terminal.services.members import checked_name, normalise_phone
from terminal.services.staff import check_active
from terminal.shop import Shop
from terminal.uow import UnitOfWork

MAX_IMPORT_POINTS = 1_000_000  # one member's balance; more is a wrong column, not a balance
MAX_ROWS = 100_000
PROBLEMS_SHOWN = 10
REASON = "导入 imported"  # the reason of each opening balance's adjust entry

_HEADERS = {
    "phone": ("手机号", "手机", "手机号码", "phone", "mobile"),
    "name": ("姓名", "名字", "会员姓名", "name"),
    "points": ("积分", "积分余额", "points", "balance"),
}
_WHOLE = re.compile(r"[0-9]+(?:\.0+)?")


@dataclass(frozen=True)
class ImportRow:
    line: int
    phone: str
    name: str | None
    points: int


@dataclass(frozen=True)
class Problem:
    line: int
    en: str
    zh: str


@dataclass(frozen=True)
class Imported:
    members: int
    points: int
    dry_run: bool
    expires_on: date | None  # when the imported points expire; None: no points

    def as_json(self) -> dict[str, object]:
        return {"imported": 0 if self.dry_run else self.members, "would_import": self.members if self.dry_run else 0,
                "points": self.points, "dry_run": self.dry_run,
                "expires_on": None if self.expires_on is None else self.expires_on.isoformat()}


def decode(data: bytes) -> str:
    """UTF-8 with or without a BOM (Excel's "CSV UTF-8"), else GB18030 (Excel's CSV on Chinese Windows; GBK is part
    of it)."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Refused("bad_input", "the file is UTF-16 (Excel's \"Unicode text\"): save it as CSV (UTF-8) or CSV",
                      "文件为 UTF-16 编码（Excel 的“Unicode 文本”）：请另存为“CSV UTF-8”或“CSV”格式")
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Refused("bad_input", "the file is neither UTF-8 nor GB18030/GBK text: save it from Excel as CSV",
                  "文件既不是 UTF-8 也不是 GB18030/GBK 文本：请在 Excel 中另存为 CSV 格式")


def _header_key(cell: str) -> str:
    return unicodedata.normalize("NFKC", cell).strip().lower()


def _columns(header: list[str]) -> dict[str, int]:
    """Which column holds the phone, the name and the points, by the header's words."""
    keys = [_header_key(cell) for cell in header]
    found = {what: next((i for i, key in enumerate(keys) if key in words), -1) for what, words in _HEADERS.items()}
    if found["phone"] < 0:
        seen = "、".join(cell.strip() for cell in header if cell.strip()) or "—"
        raise Refused("bad_input", f"no phone column: the first line names the columns, one of them 手机号 or phone "
                      f"(found: {seen})", f"找不到手机号列：第一行应为列名，其中一列为“手机号”或“phone”（现有：{seen}）")
    return {what: i for what, i in found.items() if i >= 0}


def _cell(cells: list[str], column: int | None) -> str:
    return cells[column].strip() if column is not None and column < len(cells) else ""


def _points(text: str) -> int | Problem:
    """A whole number of points, 0 to MAX_IMPORT_POINTS; blank is 0. Excel's 120.0 is 120."""
    cleaned = ungrouped(half_width(text).strip())
    if not cleaned:
        return 0
    if not _WHOLE.fullmatch(cleaned):
        return Problem(0, f"points '{text}' are not a whole number of 0 or more",
                       f"积分“{text}”不是 0 或以上的整数")
    points = int(cleaned.split(".")[0])
    if points > MAX_IMPORT_POINTS:
        return Problem(0, f"points {points:,} are more than a member can hold ({MAX_IMPORT_POINTS:,})",
                       f"积分 {points:,} 超过上限（{MAX_IMPORT_POINTS:,}）")
    return points


def _row(line: int, cells: list[str], columns: dict[str, int]) -> ImportRow | list[Problem]:
    problems: list[Problem] = []
    name_kept: str | None = None
    phone, name = _cell(cells, columns["phone"]), _cell(cells, columns.get("name"))
    try:
        phone = normalise_phone(phone) if phone else ""
        if not phone:
            problems.append(Problem(line, "no phone", "没有手机号"))
    except Refused as bad:
        problems.append(Problem(line, bad.en, bad.zh))
    try:
        name_kept = checked_name(name) if name else None
    except Refused as bad:
        problems.append(Problem(line, f"name '{name}': {bad.en}", f"姓名“{name}”：{bad.zh}"))
    points = _points(_cell(cells, columns.get("points")))
    if isinstance(points, Problem):
        problems.append(Problem(line, points.en, points.zh))
    if problems or isinstance(points, Problem):
        return problems
    return ImportRow(line, phone, name_kept, points)


def read_rows(text: str) -> tuple[list[ImportRow], list[Problem]]:
    """Every member of the file, and every problem with it, by line number (the header is line 1)."""
    table = list(csv.reader(io.StringIO(text, newline=""), dialect=_dialect(text)))
    if not table:
        raise Refused("bad_input", "the file is empty", "文件是空的")
    columns = _columns(table[0])
    rows: list[ImportRow] = []
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for line, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = _row(line, cells, columns)
        if isinstance(row, list):
            problems.extend(row)
        elif row.phone in first_line:
            problems.append(Problem(line, f"phone {mask_phone(row.phone)} is also on line {first_line[row.phone]}",
                                    f"手机号 {mask_phone(row.phone)} 与第 {first_line[row.phone]} 行重复"))
        else:
            first_line[row.phone] = line
            rows.append(row)
    if len(rows) + len(problems) > MAX_ROWS:
        raise Refused("bad_input", f"more than {MAX_ROWS:,} members in one file: split it",
                      f"一个文件超过 {MAX_ROWS:,} 位会员：请分成几个文件")
    return rows, problems


def _dialect(text: str) -> type[csv.Dialect]:
    """Comma-separated, or tab-separated as Excel's "text" saves."""
    first = text.split("\n", 1)[0]
    return csv.excel_tab if "\t" in first and "," not in first else csv.excel


def refusal(problems: list[Problem]) -> Refused:
    """One message listing the first problems by line, and how many more there are."""
    shown = sorted(problems, key=lambda p: p.line)[:PROBLEMS_SHOWN]
    more = len(problems) - len(shown)
    en = "; ".join(f"line {p.line}: {p.en}" for p in shown) + (f"; and {more:,} more" if more else "")
    zh = "；".join(f"第 {p.line} 行：{p.zh}" for p in shown) + (f"；另有 {more:,} 处" if more else "")
    count = "1 problem" if len(problems) == 1 else f"{len(problems):,} problems"
    return Refused("bad_input", f"nothing was imported: {count} in the file: {en}",
                   f"未导入任何会员：文件中有 {len(problems):,} 处问题：{zh}")


def _already_members(existing: set[str], rows: list[ImportRow]) -> list[Problem]:
    return [Problem(row.line, f"{mask_phone(row.phone)} is already a member here", f"{mask_phone(row.phone)} 已是本店会员")
            for row in rows if row.phone in existing]


def import_members(uow: UnitOfWork, shop: Shop, owner: Actor, data: bytes, dry_run: bool = False) -> Imported:
    """Check the whole file, then (unless ``dry_run``) register every member and give them their points."""
    if owner.role != "owner":
        raise Refused("forbidden", f"{owner.name} is not an owner: only an owner imports members",
                      f"{owner.name} 不是店主：只有店主可以导入会员")
    rows, problems = read_rows(decode(data))
    with uow:
        session = uow.session
        check_active(session, owner, "import members", "导入会员", needs="owner")
        problems += _already_members(set(session.scalars(select(Member.phone))), rows)
        if problems:
            raise refusal(problems)
        if not rows:
            raise Refused("bad_input", "the file holds no members: nothing was imported", "文件中没有会员：未导入任何会员")
        total = sum(row.points for row in rows)
        expires_on = shop.rules.expires_on(shop.today()) if total else None
        if not dry_run:
            _write(session, shop, Who(owner.name), rows)
            uow.commit()
    return Imported(len(rows), total, dry_run, expires_on)


def _write(session: Session, shop: Shop, who: Who, rows: list[ImportRow]) -> None:
    """Each member as ``register_member`` writes one (no signup bonus), then their points as ``adjust_points``
    gives them, dated today."""
    today = shop.today()
    expires_on = shop.rules.expires_on(today)
    members = [Member(id=new_member_id(), phone=row.phone, name=row.name, referrer_id=None, registered_on=today,
                      debt_points=0) for row in rows]
    session.add_all(members)
    session.flush()
    for row, member in zip(rows, members, strict=True):
        record(session, shop, "member_add", who,
               {"member_id": member.id, "phone": row.phone, "name": row.name, "referrer_id": None})
        if row.points:
            entry = record(session, shop, "adjust", who, {"member_id": member.id, "points": row.points,
                                                           "reason": REASON, "expires_on": expires_on.isoformat()},
                           points_delta=row.points)
            lots.grant(session, member, row.points, today, expires_on, entry.seq)
