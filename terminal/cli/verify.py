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
from terminal.cli.text import many
from terminal.home import Home
from terminal.journal import Gap, verify
from terminal.lang import say
from terminal.phones import mask_phone
from terminal.services.reports import ledger_holds, lost_from


def journal_verify(args: Namespace, ctx: Context) -> Output:
    """The store file as SQLite checks it, the hash chain, and (in a store that is its own book of record) the
    members' points against the journal: the command an owner runs when in doubt."""
    till = ctx.till()
    with till.reading() as uow:
        damage = db.damage_seen(uow.session.connection())
    try:
        with till.reading() as uow:
            verdict = verify(uow.session)
            held = ledger_holds(uow.session)
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
        data["gaps"] = [{"from_seq": gap.from_seq, "to_seq": gap.to_seq, "at": gap.at, "why": gap.why,
                         "lost_from": lost_from(gap.from_seq, gap.to_seq, held)} for gap in verdict.gaps]
        chain = say(f"Journal intact: {many(verdict.entries, 'entry', 'entries')}", f"流水完整：共 {verdict.entries:,} 条") \
            + "".join(_gap_text(gap, till.shop.tz, held, till.shop.terminal_id) for gap in verdict.gaps)
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
                                        f"；会员积分余额（共 {agreement.held:,} 积分）与流水一致"))
    message = _balances_differ(ctx.home, agreement)
    return Output({**data, "error": "balances_differ", "message": message}, f"{chain}\n{message}", failed=True)


def _balances_data(agreement: balances.Agreement) -> dict[str, Any]:
    return {"held": agreement.held, "journal": agreement.booked,
            "members": [{"member": d.member_id, "phone": None if d.phone is None else mask_phone(d.phone),
                         "held": d.held, "journal": d.booked}
                        for d in agreement.differing]}


_NAMED = 10  # members named in the message; the JSON lists them all


def _balances_differ(home: Home, agreement: balances.Agreement) -> str:
    def who(d: balances.Differs) -> str:
        name = d.member_id if d.phone is None else f"{d.member_id} ({mask_phone(d.phone)})"
        name_zh = f"{d.member_id} " if d.phone is None else f"{d.member_id}（{mask_phone(d.phone)}）"
        return say(f"member {name} holds {d.held:,}, the journal {d.booked:,}",
                   f"会员 {name_zh}持有 {d.held:,} 积分，流水为 {d.booked:,} 积分") \
            if d.member_id is not None else say(f"entries naming no member: {d.booked:,}", f"未指明会员的流水：{d.booked:,} 积分")
    named = [who(d) for d in agreement.differing[:_NAMED]]
    more = len(agreement.differing) - len(named)
    if more:
        named.append(say(f"and {more:,} more (--json lists them)", f"另有 {more:,} 位（--json 可列出）"))
    hint_en, hint_zh = restore_hint(home)
    return say(f"Balances DIFFER from the journal: the members' points held in the store come to {agreement.held:,}, "
               f"the journal's running total to {agreement.booked:,}; " + "; ".join(named) + ". The store file is "
               f"damaged (balances shown and redeemed are wrong): {hint_en}, then run jifen journal verify again",
               f"余额与流水不符：本店数据中会员积分余额合计 {agreement.held:,} 积分，流水累计为 {agreement.booked:,} 积分；"
               + "；".join(named) + f"。门店数据文件已损坏（显示和抵扣的余额有误）：{hint_zh}，然后再次运行 jifen journal verify")


def _span(first: int, last: int) -> tuple[str, str]:
    return (f"entry {first}", f"第 {first} 条") if first == last else \
        (f"entries {first}–{last}", f"第 {first}–{last} 条")


def _gap_text(gap: Gap, tz: tzinfo, held: int | None, terminal: str) -> str:
    """What became of the entries a restore left to the ledger: held by it, or (as the sync that found them gone
    says too) held nowhere, and the way on."""
    since = datetime.fromisoformat(gap.at).astimezone(tz).strftime("%Y-%m-%d %H:%M")
    how = say("when a backup was restored", "恢复备份时") if gap.why == "restore" else \
        say("at the first sync after a backup was restored", "恢复备份后首次同步时")
    lost = lost_from(gap.from_seq, gap.to_seq, held)
    if lost is None:
        return say(f"; entries {gap.from_seq}–{gap.to_seq} are held by the ledger only, not in this store: it carried "
                   f"on after them on {since}, {how}",
                   f"；第 {gap.from_seq}–{gap.to_seq} 条只在总账中，不在本店数据中：本店于 {since}{how}接续其后")
    en, zh = _lost_text(gap, lost, terminal)
    return say(f"; {en}: this store carried on after entries {gap.from_seq}–{gap.to_seq} on {since}, {how}, leaving "
               f"them to the ledger, and a sync since found the ledger holding this terminal's entries up to {held} "
               "only (it was restored from a backup made before it took them), so nothing recorded here after them can "
               "be sent. To go on: if the ledger's owner has a later backup of the ledger holding them, restoring it "
               "lets this till sync again; else register this till under a new terminal id and record its sales again "
               "there, those among the lost entries from their receipts (jifen sync says how)",
               f"；{zh}：本店于 {since}{how}接续第 {gap.from_seq}–{gap.to_seq} 条之后，将其留给总账，而之后的同步发现总账中"
               f"本终端的记录只到第 {held} 条（总账由它接收这些记录之前的备份恢复），因此本店此后的记录无法发送。处理办法："
               "如总账管理员有包含这些记录的较新的总账备份，恢复后本机即可继续同步；否则请以新的终端编号登记本机并在那里重新"
               "录入销售，已丢失记录中的销售按小票重新录入（jifen sync 会说明办法）")


def _lost_text(gap: Gap, lost: int, terminal: str) -> tuple[str, str]:
    """Which of the gap's entries the ledger still holds, which none does, and the receipts' numbers of the latter."""
    gone, gone_zh = _span(lost, gap.to_seq)
    single = lost == gap.to_seq
    numbered = f"{terminal}-{lost}" if single else f"{terminal}-{lost} to {terminal}-{gap.to_seq}"
    numbered_zh = f"{terminal}-{lost}" if single else f"{terminal}-{lost} 至 {terminal}-{gap.to_seq}"
    en = (f"{gone} {'is' if single else 'are'} held nowhere any more (a sale among them is numbered {numbered} on its "
          "receipt)")
    zh = f"{gone_zh}记录已无处可寻（其中的销售单在小票上编号为 {numbered_zh}）"
    if lost == gap.from_seq:
        return en, zh
    kept, kept_zh = _span(gap.from_seq, lost - 1)
    return (f"{kept} {'is' if lost - 1 == gap.from_seq else 'are'} held by the ledger only, and {en}",
            f"{kept_zh}只在总账中，而{zh}")
