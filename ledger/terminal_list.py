"""`jifen-ledger terminal list`: a merchant's terminals, each with its state, what the ledger holds of it and when
its last entries arrived, so that whoever closes a store can see its tills have sent what they sent.

The ledger knows only what a terminal sent: entries still pending at the till show there (`jifen sync --status`).
It keeps no row per batch either: the time a terminal was last heard from is when its newest entry arrived. Entries
held back by a gap are answered ``held`` and not kept, so the only trouble recorded per terminal is its conflicts.
"""

import json
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from ledger.models import Conflict, Entry, Merchant, Terminal
from ledger.service import LedgerRefusal, Scope, merchant_of, require_store
from ledger.snapshots import merchant_today
from sync.protocol import RuleSet
from terminal.lang import prefers_chinese, say
from terminal.textwidth import pad, pad_left, width

HEADINGS = ("Store", "Terminal", "State", "Entries", "Last received", "Newest entry dated", "Rules", "Conflicts")
HEADINGS_ZH = ("门店", "终端", "状态", "流水", "最近收到", "最新流水日期", "规则", "冲突")
_STATES_ZH = {"active": "启用", "revoked": "已停用"}
_KINDS_ZH = {"differs": "内容不符", "fork": "流水分叉", "tampered": "被篡改", "unknown_rules": "未知规则",
             "unheld_rules": "商户未有的规则", "signup_again": "多余的注册奖励", "referral_again": "多余的推荐奖励"}


def local_time(instant: str | None, zone: ZoneInfo) -> str | None:
    if instant is None:
        return None
    return datetime.fromisoformat(instant.replace("Z", "+00:00")).astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def behind(session: Session, scope: Scope, last: date) -> list[dict[str, str | None]]:
    """The live terminals in scope whose sales of a report's last day (or of the merchant's today, if that day has not
    come) may be missing: their newest entry is dated before it and arrived before it ended, or they have sent none
    and were registered by then. A sync that sent nothing leaves no trace, so such a till is listed too."""
    merchant = merchant_of(session, scope.merchant)
    zone = ZoneInfo(merchant.timezone)
    day = min(last, merchant_today(merchant))
    ended = datetime.combine(day + timedelta(days=1), time(), zone)
    query = (select(Terminal.terminal_id, Terminal.created_at, Entry.business_date, Entry.received_at)
             .outerjoin(Entry, and_(Entry.terminal_pk == Terminal.pk, Entry.seq == Terminal.last_seq))
             .where(Terminal.merchant_id == scope.merchant, Terminal.revoked.is_(False)))
    if scope.store:
        query = query.where(Terminal.store == scope.store)
    if scope.terminal:
        query = query.where(Terminal.terminal_id == scope.terminal)
    rows = [{"terminal": terminal, "newest_day": newest, "last_sync": local_time(received, zone)}
            for terminal, created, newest, received in session.execute(query)
            if _lagging(created, newest, received, day, ended)]
    return sorted(rows, key=lambda row: str(row["terminal"]))


def _lagging(created: str, newest: str | None, received: str | None, day: date, ended: datetime) -> bool:
    if newest is None or received is None:
        return _instant(created) < ended
    return newest < day.isoformat() and _instant(received) < ended


def _conflicts(session: Session, merchant: str) -> dict[int, list[dict[str, Any]]]:
    rows = session.execute(select(Conflict.terminal_pk, Conflict.seq, Conflict.kind)
                           .join(Terminal, Terminal.pk == Conflict.terminal_pk)
                           .where(Terminal.merchant_id == merchant).order_by(Conflict.seq, Conflict.id))
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for pk, seq, kind in rows:
        out[pk].append({"seq": seq, "kind": kind})
    return out


def _rules_versions(session: Session, merchant: str) -> dict[int, str | None]:
    """The version of the rules each terminal last journaled taking (its newest "rules" entry), by terminal."""
    newest = (select(Entry.terminal_pk, func.max(Entry.seq).label("seq"))
              .where(Entry.merchant_id == merchant, Entry.kind == "rules").group_by(Entry.terminal_pk).subquery())
    rows = session.execute(select(Entry.terminal_pk, Entry.payload)
                           .join(newest, and_(Entry.terminal_pk == newest.c.terminal_pk, Entry.seq == newest.c.seq)))
    return {pk: _version_of(payload) for pk, payload in rows}


def _version_of(payload: str) -> str | None:
    data = json.loads(payload)
    version = data.get("version") if isinstance(data, dict) else None
    return version if isinstance(version, str) else None


def terminals(session: Session, merchant_id: str, store: str | None = None) -> dict[str, Any]:
    """The merchant's terminals (of one store), by store then terminal id, times in the merchant's time zone."""
    merchant = session.get(Merchant, merchant_id)
    if merchant is None:
        raise LedgerRefusal("not_found", f"no merchant {merchant_id}", 404)
    if store is not None:
        require_store(session, merchant_id, store)
    zone = ZoneInfo(merchant.timezone)
    query = (select(Terminal, Entry.received_at, Entry.business_date)
             .outerjoin(Entry, and_(Entry.terminal_pk == Terminal.pk, Entry.seq == Terminal.last_seq))
             .where(Terminal.merchant_id == merchant_id))
    if store is not None:
        query = query.where(Terminal.store == store)
    conflicts, rules = _conflicts(session, merchant_id), _rules_versions(session, merchant_id)
    rows = [{"store": t.store, "terminal": t.terminal_id, "state": "revoked" if t.revoked else "active",
             "since": local_time(t.state_since, zone), "entries": t.last_seq, "last_received": local_time(received, zone),
             "newest_business_date": day, "rules_version": rules.get(t.pk), "conflicts": conflicts.get(t.pk, [])}
            for t, received, day in session.execute(query)]
    # sorted here: SQLite and PostgreSQL collate store names differently
    rows.sort(key=lambda row: (row["store"], row["terminal"]))
    return {"merchant": merchant_id, "store": store, "timezone": merchant.timezone,
            "rules_in_force": merchant.rules_version or RuleSet().version, "terminals": rows}


def _state(row: dict[str, Any]) -> str:
    state, since = row["state"], row["since"]
    zh = _STATES_ZH.get(state, state)
    if since is None:
        return say(f"{state} (since when not recorded)", f"{zh}（起始时间未记录）")
    return say(f"{state} since {since}", f"{zh}（自 {since} 起）")


def _trouble(conflicts: list[dict[str, Any]]) -> str:
    return say(", ".join(f"{c['kind']} at entry {c['seq']}" for c in conflicts) or "none",
               "，".join(f"{_KINDS_ZH.get(c['kind'], c['kind'])}（第 {c['seq']} 条流水）" for c in conflicts) or "无")


def _cells(row: dict[str, Any]) -> tuple[str, ...]:
    received = row["last_received"] or say("never", "从未")
    return (row["store"], row["terminal"], _state(row), f"{row['entries']:,}", received,
            row["newest_business_date"] or "-", row["rules_version"] or "-", _trouble(row["conflicts"]))


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(width(row[i]) for row in rows) for i in range(len(HEADINGS))]
    lines = []
    for row in rows:
        cells = [pad_left(cell, w) if i == 3 else pad(cell, w) for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def listing(data: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """What `terminal list` prints: the table, or that there is none, and what the ledger cannot know."""
    merchant, store = data["merchant"], data["store"]
    if not data["terminals"]:
        return data, say(f"merchant {merchant} has no terminal yet (jifen-ledger terminal add)",
                         f"商户 {merchant} 还没有终端（jifen-ledger terminal add）")
    lines = [_title(merchant, store, data["timezone"]),
             *_table([HEADINGS_ZH if prefers_chinese() else HEADINGS, *(_cells(row) for row in data["terminals"])]),
             say("Entries: the newest entry number the ledger holds; Last received: when it arrived. What a till has "
                 "not sent yet the ledger cannot know: `jifen sync --status` on the till shows it (0 pending).",
                 "流水：总账保存的最新流水编号；最近收到：其到达的时间。终端尚未上传的流水总账无从知道："
                 "在终端上运行 `jifen sync --status` 可以看到（待同步 0 条即已全部上传）。"),
             say(f"Rules: the version of the rules the till last journaled taking; {merchant}'s in force are "
                 f"{data['rules_in_force']} (jifen-ledger merchant rules-history {merchant}).",
                 f"规则：终端最近记录采用的规则版本；商户 {merchant} 的现行规则为 {data['rules_in_force']}"
                 f"（jifen-ledger merchant rules-history {merchant}）。")]
    if any(row["conflicts"] for row in data["terminals"]):
        lines.append(say("Conflicts, with what to do: ", "冲突及处理办法：")
                     + f"jifen-ledger report conflicts --merchant {merchant}")
    return data, "\n".join(lines)


def _title(merchant: str, store: str | None, zone: str) -> str:
    return say(f"Terminals of {merchant}" + (f" in store {store}" if store else "") + f" (times in {zone}):",
               f"商户 {merchant}" + (f" 门店 {store}" if store else "") + f" 的终端（时间为 {zone} 时间）：")
