"""`jifen journal verify`: the command an owner runs when in doubt. It checks the store file as SQLite does (its
integrity check, which the other commands cannot afford on a big store) and the journal's hash chain."""

import sqlite3
from argparse import Namespace
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy.exc import DBAPIError

from terminal import db
from terminal.bootstrap import damaged_store
from terminal.cli.registry import Context, Output
from terminal.journal import Gap, verify
from terminal.lang import say


def journal_verify(args: Namespace, ctx: Context) -> Output:
    """The store file as SQLite checks it, and the hash chain."""
    till = ctx.till()
    with till.reading() as uow:
        damage = db.damage_seen(uow.session.connection())
    try:
        with till.reading() as uow:
            verdict = verify(uow.session)
    except (DBAPIError, sqlite3.DatabaseError, ValueError):
        if not damage:
            raise
        damaged = damaged_store(ctx.home, damage[0])
        return Output({"ok": False, "entries": None, "first_bad_seq": None, "damage": damage,
                       "error": damaged.code, "message": damaged.message}, damaged.message, failed=True)
    data: dict[str, Any] = {"ok": verdict.ok and not damage, "entries": verdict.entries,
                            "first_bad_seq": verdict.first_bad_seq, "damage": damage}
    if verdict.ok:
        data["gaps"] = [{"from_seq": gap.from_seq, "to_seq": gap.to_seq, "at": gap.at, "why": gap.why}
                        for gap in verdict.gaps]
        chain = say(f"Journal intact: {verdict.entries:,} entries", f"流水完整：共 {verdict.entries:,} 条") \
            + "".join(_gap_text(gap, till.shop.tz) for gap in verdict.gaps)
    else:
        chain = say(f"Journal BROKEN at entry {verdict.first_bad_seq}: {verdict.reason}",
                    f"流水在第 {verdict.first_bad_seq} 条处被破坏：{verdict.reason_zh}")
    if damage:
        damaged = damaged_store(ctx.home, damage[0])
        return Output({**data, "error": damaged.code, "message": damaged.message}, f"{damaged.message}\n{chain}",
                      failed=True)
    if not verdict.ok:
        return Output({**data, "error": "journal_broken", "message": chain}, chain, failed=True)
    return Output(data, chain)


def _gap_text(gap: Gap, tz: tzinfo) -> str:
    since = datetime.fromisoformat(gap.at).astimezone(tz).strftime("%Y-%m-%d %H:%M")
    how = say("when a backup was restored", "恢复备份时") if gap.why == "restore" else \
        say("at the first sync after a backup was restored", "恢复备份后首次同步时")
    return say(f"; entries {gap.from_seq}–{gap.to_seq} are held by the ledger only, not in this store: it carried on "
               f"after them on {since}, {how}",
               f"；第 {gap.from_seq}–{gap.to_seq} 条只在总账中，不在本店数据中：本店于 {since}{how}接续其后")
