"""Members brought from a shop's old loyalty system as a spreadsheet (CSV): phone, name, points.

The whole file is checked before anything is written, and imported in one transaction: all or nothing. Each member
is registered as ``member add`` does, but without a signup bonus, and given their points as an ``adjust`` entry (the
ledger applies it as any adjustment) dated the import day, so they expire by the rules as of that day.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from terminal.errors import Refused
from terminal.ids import member_id as new_member_id
from terminal.journal import Change, Who
from terminal.models import LedgerLink, Lot, Member, table_of
from terminal.money import half_width, ungrouped
from terminal.phones import mask_phone
from terminal.services.cashiers import Actor
from terminal.services.common import record_many
from terminal.services.members import checked_name, normalise_phone
from terminal.services.staff import check_active
from terminal.shop import Shop
from terminal.uow import UnitOfWork

MAX_IMPORT_POINTS = 1_000_000  # one member's balance; more is a wrong column, not a balance
MAX_ROWS = 100_000
PROBLEMS_SHOWN = 10
BIG_IMPORT = 20_000  # more members than this: the owner is told first how long the till stays busy
ROWS_PER_SECOND = 6_000  # measured: 100,000 members in about 15 s; sales wait for the whole transaction
SYNCED_WITHIN = timedelta(minutes=10)  # a linked till imports only having pulled the other tills' members this recently
REASON = "导入 imported"  # the reason of each opening balance's adjust entry

# Headers as old systems write them, the likelier first: a file with 姓名 and 昵称 takes 姓名. "姓名/昵称" is
# either of its parts.
_HEADERS = {
    "phone": ("手机号", "手机", "手机号码", "phone", "mobile"),
    "name": ("姓名", "会员姓名", "客户姓名", "顾客姓名", "名字", "会员名称", "会员名", "客户名称", "客户名", "name",
             "member name", "customer name", "full name", "昵称", "会员昵称", "微信昵称", "nickname"),
}
# A points column by its header: a balance by name (积分余额, 可用积分, points balance) is taken before a plain one
# (积分, points); a lifetime total or points spent (累计积分, 已用积分) is never the balance.
_NOT_BALANCE = ("累计", "总积分", "历史", "已用", "已使用", "已兑", "已消费", "消费积分", "兑换积分", "获得", "赠送",
                "冻结", "过期", "失效", "total", "lifetime", "accumulated", "cumulative", "earned", "used", "redeemed",
                "spent", "expire", "history", "frozen")
_BALANCE = ("余额", "可用", "当前", "剩余", "结余", "balance", "available", "current", "remaining")
_PLAIN = ("积分", "会员积分", "积分数", "points", "point", "member points")
_WHOLE = re.compile(r"[0-9]+(?:\.0+)?")
_EXCEL_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?[eE]\+?[0-9]+")  # 1.38001E+10: Excel's way with a long number


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
class Columns:
    phone: int
    name: int | None
    points: int | None
    name_header: str | None  # the name column's header as the file writes it
    points_header: str | None  # the points column's header as the file writes it
    not_points: tuple[str, ...]  # other points-like columns, left aside (累计积分)
    width: int  # how many cells the header has


@dataclass(frozen=True)
class Imported:
    members: int
    points: int
    dry_run: bool
    expires_on: date | None  # when the imported points expire; None: no points
    points_column: str | None = None  # the header of the column the points came from; None: no points column
    not_points: tuple[str, ...] = ()  # points-like columns not taken as the balance
    name_column: str | None = None  # the header of the column the names came from; None: no name column
    linked: bool = False  # the till syncs with a ledger: the members reach the other tills from there
    sync_first: bool = False  # a linked till that has not synced recently: a real import is refused until it does

    def as_json(self) -> dict[str, object]:
        return {"imported": 0 if self.dry_run else self.members, "would_import": self.members if self.dry_run else 0,
                "points": self.points, "dry_run": self.dry_run,
                "expires_on": None if self.expires_on is None else self.expires_on.isoformat(),
                "points_column": self.points_column, "not_points": list(self.not_points),
                "name_column": self.name_column, "sync_first": self.sync_first}


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


def _columns(header: list[str]) -> Columns:
    """Which column holds the phone, the name and the points, by the header's words."""
    keys = [_header_key(cell) for cell in header]
    found = {what: _column_of(keys, words) for what, words in _HEADERS.items()}
    if found["phone"] < 0:
        seen = "、".join(cell.strip() for cell in header if cell.strip()) or "—"
        raise Refused("bad_input", f"no phone column: the first line names the columns, one of them 手机号 or phone "
                      f"(found: {seen})", f"找不到手机号列：第一行应为列名，其中一列为“手机号”或“phone”（现有：{seen}）")
    taken = {found["phone"], found["name"]}
    kinds = {i: kind for i, key in enumerate(keys) if i not in taken and (kind := _points_kind(key))}
    points = _points_column(header, kinds)
    not_points = tuple(header[i].strip() for i in kinds if i != points)
    name = found["name"] if found["name"] >= 0 else None
    return Columns(found["phone"], name, points, None if name is None else header[name].strip(),
                   None if points is None else header[points].strip(), not_points, len(header))


def _column_of(keys: list[str], words: tuple[str, ...]) -> int:
    """The column whose header (or a part of it: 姓名/昵称) comes first in ``words``; -1: none."""
    ranked = [(words.index(part), i) for i, key in enumerate(keys)
              for part in {key, *(part.strip() for part in key.split("/"))} if part in words]
    return min(ranked)[1] if ranked else -1


def _points_kind(key: str) -> str | None:
    """balance (积分余额), plain (积分), not_balance (累计积分), unknown (积分等级) or, for no points column, None."""
    if "积分" not in key and "point" not in key and key != "balance":
        return None
    if any(word in key for word in _NOT_BALANCE):
        return "not_balance"
    if any(word in key for word in _BALANCE):
        return "balance"
    return "plain" if key in _PLAIN else "unknown"


def _points_column(header: list[str], kinds: dict[int, str]) -> int | None:
    """The one balance column; else the one plain points column; None when no column looks like points. Any
    other case cannot be told apart, and is refused naming the columns."""
    balances = [i for i, kind in kinds.items() if kind == "balance"]
    plain = [i for i, kind in kinds.items() if kind in ("plain", "unknown")]
    named = "、".join(header[i].strip() for i in (balances if len(balances) > 1 else plain or list(kinds)))
    if len(balances) == 1:
        return balances[0]
    if len(balances) > 1 or len(plain) > 1 or (plain and kinds[plain[0]] == "unknown"):
        raise Refused("bad_input", f"cannot tell which column holds the points balance: {named}: keep only the "
                      "balance column (or name it 积分余额) and export again",
                      f"无法确定哪一列是积分余额：{named}；请只保留积分余额这一列（或将其列名改为“积分余额”）后重新导出")
    if plain:
        return plain[0]
    if kinds:
        raise Refused("bad_input", f"no points balance column: {named} (a lifetime total or points used, not a "
                      "balance): name the balance column 积分余额, or remove these to import members without points",
                      f"没有积分余额列：{named}（累计或已用积分，不是积分余额）：请将余额那一列命名为“积分余额”，"
                      "或删除这些列以不带积分导入会员")
    return None


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


def _phone(text: str) -> str | Problem:
    if not text:
        return Problem(0, "no phone", "没有手机号")
    if _EXCEL_NUMBER.fullmatch(half_width(text)):
        return Problem(0, f"phone '{text}': Excel turned the phone into a number and lost its digits: format the "
                       "phone column as Text (文本) in Excel and export again",
                       f"手机号“{text}”被 Excel 当成数字，丢失了位数：请在 Excel 中将手机号列的格式设为“文本”后重新导出")
    try:
        return normalise_phone(text)
    except Refused as bad:
        return Problem(0, bad.en, bad.zh)


def _too_wide(cells: list[str], columns: Columns) -> Problem | None:
    """A row with more cells than the header: an unquoted 1,280 split in two. Trailing empty cells are harmless."""
    width = len(cells)
    while width and not cells[width - 1].strip():
        width -= 1
    if width <= columns.width:
        return None
    return Problem(0, f"{width} cells, the header has {columns.width}: a number written 1,280 splits in two: put it in "
                   "quotes or remove the thousands separator",
                   f"本行有 {width} 格，而标题行只有 {columns.width} 格：写成 1,280 的数字会被逗号拆开：请给它加引号或去掉千位分隔符")


def _unnamed(cells: list[str], header: list[str]) -> Problem | None:
    """Something under a header cell left empty: like a wider row, an unquoted 1,280 split in two whose second half
    landed in the header's empty trailing cells."""
    column = next((i for i, cell in enumerate(cells[:len(header)]) if cell.strip() and not header[i].strip()), None)
    if column is None:
        return None
    return Problem(0, f"column {column + 1} holds something but has no header: a comma in a number? {_NO_SEPARATORS_EN}",
                   f"第 {column + 1} 列有内容但没有列名——数字里的逗号？{_NO_SEPARATORS_ZH}")


_NO_SEPARATORS_EN = "Export the number columns without thousands separators"
_NO_SEPARATORS_ZH = "请把数字列设为不带千位分隔符再导出"


def _split_number(name: str | None, columns: Columns) -> bool:
    """A name of three digits right after the points column: the end of an unquoted 1,280 split in two. A name of
    other digits is kept: old systems often hold a phone or a card number there."""
    return (name is not None and len(name) == 3 and half_width(name).isdigit()
            and columns.points is not None and columns.name == columns.points + 1)


def _row(line: int, cells: list[str], columns: Columns, header: list[str]) -> ImportRow | list[Problem]:
    wide = _too_wide(cells, columns) or _unnamed(cells, header)
    if wide is not None:
        return [Problem(line, wide.en, wide.zh)]
    problems: list[Problem] = []
    name_kept: str | None = None
    phone, name = _phone(_cell(cells, columns.phone)), _cell(cells, columns.name)
    if isinstance(phone, Problem):
        problems.append(Problem(line, phone.en, phone.zh))
    try:
        name_kept = checked_name(name) if name else None
    except Refused as bad:
        problems.append(Problem(line, f"name '{name}': {bad.en}", f"姓名“{name}”：{bad.zh}"))
    if _split_number(name_kept, columns):
        problems.append(Problem(line, f"name '{name}' is three digits after the points: a comma in a number (1,280)? "
                                f"{_NO_SEPARATORS_EN}", f"姓名“{name}”是积分后面的三位数字——数字里的逗号（1,280）？"
                                f"{_NO_SEPARATORS_ZH}"))
    points = _points(_cell(cells, columns.points))
    if isinstance(points, Problem):
        problems.append(Problem(line, points.en, points.zh))
    if problems or isinstance(points, Problem) or isinstance(phone, Problem):
        return problems
    return ImportRow(line, phone, name_kept, points)


def read_rows(text: str) -> tuple[list[ImportRow], list[Problem], Columns]:
    """Every member of the file, and every problem with it, by line number (the header is line 1), and which columns
    they were read from."""
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
        row = _row(line, cells, columns, table[0])
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
    return rows, problems, columns


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


def import_members(uow: UnitOfWork, shop: Shop, owner: Actor, data: bytes, dry_run: bool = False,
                   starting: Callable[[int, int], None] | None = None) -> Imported:
    """Check the whole file, then (unless ``dry_run``) register every member and give them their points. A big
    import calls ``starting`` with how many members and about how many seconds first."""
    if owner.role != "owner":
        raise Refused("forbidden", f"{owner.name} is not an owner: only an owner imports members",
                      f"{owner.name} 不是店主：只有店主可以导入会员")
    rows, problems, columns = read_rows(decode(data))
    with uow:
        session = uow.session
        check_active(session, owner, "import members", "导入会员", needs="owner")
        link = session.get(LedgerLink, 1)
        sync_first = link is not None and not _synced_lately(link, shop.now())
        if sync_first and not dry_run:
            raise Refused("offline", f"{SYNC_FIRST_EN}; nothing was imported", f"{SYNC_FIRST_ZH}；未导入任何会员")
        problems += _already_members(set(session.scalars(select(Member.phone))), rows)
        if problems:
            raise refusal(problems)
        if not rows:
            raise Refused("bad_input", "the file holds no members: nothing was imported", "文件中没有会员：未导入任何会员")
        total = sum(row.points for row in rows)
        expires_on = shop.rules.expires_on(shop.today()) if total else None
        if not dry_run:
            if starting is not None and len(rows) > BIG_IMPORT:
                starting(len(rows), -(-len(rows) // ROWS_PER_SECOND))
            _write(session, shop, Who(owner.name), rows)
            uow.commit()
    return Imported(len(rows), total, dry_run, expires_on, columns.points_header, columns.not_points,
                    columns.name_header, link is not None, sync_first)


SYNC_FIRST_EN = ("sync first (jifen sync), then import: the members another till imported must be here first, or the "
                 "same member would be twice at the ledger")
SYNC_FIRST_ZH = "先同步（jifen sync）再导入：其他终端导入的会员要先拿到，否则同一会员会在总账上出现两次"


def _synced_lately(link: LedgerLink, now: datetime) -> bool:
    """Whether a whole sync, which pulls the ledger's member changes, went through within SYNCED_WITHIN."""
    if link.last_success is None:
        return False
    synced = datetime.fromisoformat(link.last_success.replace("Z", "+00:00"))
    return now - SYNCED_WITHIN <= synced <= now + SYNCED_WITHIN


def _write(session: Session, shop: Shop, who: Who, rows: list[ImportRow]) -> None:
    """Each member as ``register_member`` writes one (no signup bonus), then their points as ``adjust_points``
    gives them, dated today. Members and lots go in one statement each: a new member owes nothing, so each grant
    (``lots.grant``) is a lot alone."""
    today = shop.today()
    expires_on = shop.rules.expires_on(today)
    members = [{"id": new_member_id(), "phone": row.phone, "name": row.name, "referrer_id": None,
                "registered_on": today, "debt_points": 0} for row in rows]
    session.execute(table_of(Member).insert(), members)
    changes: list[Change] = []
    for row, member in zip(rows, members, strict=True):
        changes.append(Change("member_add", who, {"member_id": member["id"], "phone": row.phone, "name": row.name,
                                                  "referrer_id": None}))
        if row.points:
            changes.append(Change("adjust", who, {"member_id": member["id"], "points": row.points, "reason": REASON,
                                                  "expires_on": expires_on.isoformat()}, points_delta=row.points))
    written = record_many(session, shop, changes)
    granted = [{"member_id": change.payload["member_id"], "granted_on": today, "expires_on": expires_on,
                "points": change.points_delta, "remaining": change.points_delta, "seq": entry.seq}
               for change, entry in zip(changes, written, strict=True) if change.kind == "adjust"]
    if granted:
        session.execute(table_of(Lot).insert(), granted)
