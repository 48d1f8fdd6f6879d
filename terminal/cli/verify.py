"""`jifen journal verify`: the command an owner runs when in doubt. It checks the store file as SQLite does (its
integrity check, which the other commands cannot afford on a big store), the journal's hash chain, and, in a store
that is its own book of record, the members' points against the journal."""

import sqlite3
from argparse import Namespace
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy.exc import DBAPIError

from terminal import balances, db
from terminal.bootstrap import damaged_store, restore_hint
from terminal.cli.registry import Context, Output
from terminal.home import Home
from terminal.journal import Gap, verify
from terminal.lang import say
from terminal.phones import mask_phone


def journal_verify(args: Namespace, ctx: Context) -> Output:
    """The store file as SQLite checks it, the hash chain, and (in a store that is its own book of record) the
    members' points against the journal: the command an owner runs when in doubt."""
    till = ctx.till()
    with till.reading() as uow:
        damage = db.damage_seen(uow.session.connection())
    try:
        with till.reading() as uow:
            verdict = verify(uow.session)
            agreement = balances.compare(uow.session) if verdict.ok and balances.applies(uow.session) else None
    except (DBAPIError, sqlite3.DatabaseError, ValueError):
        if not damage:
            raise
        damaged = damaged_store(ctx.home, damage[0])
        return Output({"ok": False, "entries": None, "first_bad_seq": None, "damage": damage, "balances": None,
                       "error": damaged.code, "message": damaged.message}, damaged.message, failed=True)
    data: dict[str, Any] = {"ok": verdict.ok and not damage and (agreement is None or agreement.ok),
                            "entries": verdict.entries, "first_bad_seq": verdict.first_bad_seq, "damage": damage,
                            "balances": None if agreement is None else _balances_data(agreement)}
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
    if agreement is None:
        return Output(data, chain)
    if agreement.ok:
        return Output(data, chain + say(f"; the members' points held ({agreement.held:,}) agree with it",
                                        f"；会员积分余额（共 {agreement.held:,} 分）与流水一致"))
    message = _balances_differ(ctx.home, agreement)
    return Output({**data, "error": "balances_differ", "message": message}, f"{chain}\n{message}", failed=True)


def _balances_data(agreement: balances.Agreement) -> dict[str, Any]:
    return {"held": agreement.held, "journal": agreement.booked,
            "members": [{"member": d.member_id, "phone": d.phone, "held": d.held, "journal": d.booked}
                        for d in agreement.differing]}


_NAMED = 10  # members named in the message; the JSON lists them all


def _balances_differ(home: Home, agreement: balances.Agreement) -> str:
    def who(d: balances.Differs) -> str:
        name = d.member_id if d.phone is None else f"{d.member_id} ({mask_phone(d.phone)})"
        return say(f"member {name} holds {d.held:,}, the journal {d.booked:,}",
                   f"会员 {name} 持有 {d.held:,} 分，流水为 {d.booked:,} 分") \
            if d.member_id is not None else say(f"entries naming no member: {d.booked:,}", f"未指明会员的记录：{d.booked:,} 分")
    named = [who(d) for d in agreement.differing[:_NAMED]]
    more = len(agreement.differing) - len(named)
    if more:
        named.append(say(f"and {more:,} more (--json lists them)", f"另有 {more:,} 位（--json 可列出）"))
    hint_en, hint_zh = restore_hint(home)
    return say(f"Balances DIFFER from the journal: the members' points held in the store come to {agreement.held:,}, "
               f"the journal's running total to {agreement.booked:,}; " + "; ".join(named) + ". The store file is "
               f"damaged (balances shown and redeemed are wrong): {hint_en}, then run jifen journal verify again",
               f"余额与流水不符：本店数据中会员积分余额合计 {agreement.held:,} 分，流水累计为 {agreement.booked:,} 分；"
               + "；".join(named) + f"。门店数据文件已损坏（显示和抵扣的余额有误）：{hint_zh}，然后再次运行 jifen journal verify")


def _gap_text(gap: Gap, tz: tzinfo) -> str:
    since = datetime.fromisoformat(gap.at).astimezone(tz).strftime("%Y-%m-%d %H:%M")
    how = say("when a backup was restored", "恢复备份时") if gap.why == "restore" else \
        say("at the first sync after a backup was restored", "恢复备份后首次同步时")
    return say(f"; entries {gap.from_seq}–{gap.to_seq} are held by the ledger only, not in this store: it carried on "
               f"after them on {since}, {how}",
               f"；第 {gap.from_seq}–{gap.to_seq} 条只在总账中，不在本店数据中：本店于 {since}{how}接续其后")
