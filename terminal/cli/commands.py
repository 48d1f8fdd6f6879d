"""One handler per command: call the service, return the JSON object and the human text. Each handler imports the
services it calls: the grammar alone (`jifen --help`) loads no store."""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
from argparse import Namespace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from terminal.cli import auth, mall_commands, text
from terminal.cli.choices import PAY_METAVAR, ROLE_METAVAR, pay_method, role
from terminal.cli.registry import (
    CommandLine,
    Context,
    Output,
    amount,
    day_or_none,
    line_number,
    points,
    whole_number,
    z_number,
)
from terminal.clock import Clock
from terminal.errors import Refused
from terminal.home import Home
from terminal.lang import say
from terminal.report_words import signed_points
from terminal.money import half_width, ungrouped
from terminal.rules import RuleSet, rules_to_json

if TYPE_CHECKING:
    from terminal import backup
    from terminal.bootstrap import Till
    from terminal.journal import ChainEnd, Gap
    from terminal.services import member_import as member_import_types
    from terminal.services.cashiers import Actor


def init(args: Namespace, ctx: Context) -> Output:
    from terminal.bootstrap import check_can_init, init_store

    home = ctx.home
    check_can_init(home)
    till = init_store(home, store=args.store, terminal_id=args.terminal, merchant=args.merchant,
                      timezone=args.timezone, owner=args.owner, pin=auth.new_pin(), clock=Clock.from_env())
    shop = till.shop
    till.close()
    return Output({"store": shop.store, "terminal": shop.terminal_id, "merchant": shop.merchant,
                   "timezone": args.timezone, "home": str(home.root)},
                  say(f"Created store {shop.store}, terminal {shop.terminal_id}, in {home.root}; owner {args.owner}",
                      f"已创建门店 {shop.store}（终端 {shop.terminal_id}），数据文件夹 {home.root}；店主 {args.owner}"))


def cashier_add(args: Namespace, ctx: Context) -> Output:
    from terminal.services import cashiers

    till = ctx.till()
    by = auth.cashier(till, args)
    actor = cashiers.add_cashier(till.uow(), till.shop, by, args.name, args.role, auth.new_pin())
    return Output({"name": actor.name, "role": actor.role}, say(f"Added {actor.role} {actor.name} at this till",
                                                                  f"已在本机添加{cashiers.ROLE_ZH[actor.role]} {actor.name}"))


def member_add(args: Namespace, ctx: Context) -> Output:
    from terminal.journal import Who
    from terminal.services import members

    till = ctx.till()
    by = auth.cashier(till, args)
    view = members.register_member(till.uow(), till.shop, Who(by.name), args.phone, args.name, args.referrer)
    return Output(view.as_json(), say("Registered. ", "注册成功。") + text.member_text(view))


def member_show(args: Namespace, ctx: Context) -> Output:
    from terminal.services import members

    till = ctx.till()
    view = members.show_member(till.reading(), till.shop, args.ref)
    return Output(view.as_json(), text.member_text(view))


def member_edit(args: Namespace, ctx: Context) -> Output:
    from terminal.services import members

    till = ctx.till()
    by = auth.cashier(till, args)
    view = members.edit_member(till.uow(), till.shop, by, args.ref, phone=args.phone, name=args.name,
                               clear_name=args.no_name, approver=auth.approver(till, args))
    return Output(view.as_json(), say("Changed. ", "修改成功。") + text.member_text(view))


def _read_file(name: str) -> bytes:
    try:
        return Path(name).read_bytes()
    except FileNotFoundError:
        raise Refused("not_found", f"no file {name}", f"找不到文件 {name}") from None
    except IsADirectoryError:
        raise Refused("bad_input", f"{name} is a folder, not a CSV file", f"{name} 是文件夹，不是 CSV 文件") from None
    except OSError as problem:
        raise Refused("bad_input", f"cannot read {name}: {problem.strerror}", f"无法读取 {name}：{problem.strerror}") from None


def member_import(args: Namespace, ctx: Context) -> Output:
    from terminal.services import member_import as importing

    data = _read_file(args.file)
    till = ctx.till()
    by = auth.cashier(till, args)
    done = importing.import_members(till.uow(), till.shop, by, data, dry_run=args.dry_run, starting=_importing)
    return Output(done.as_json(), _imported_text(done))


def _importing(members: int, seconds: int) -> None:
    """Said before a big import starts (on stderr: stdout keeps its one line of JSON): sales wait until it ends."""
    print(say(f"Importing {text.many(members, 'member', 'members')}, about {text.many(seconds, 'second', 'seconds')}; no sales can be rung up meanwhile",
              f"正在导入 {members:,} 位会员，约需 {seconds} 秒；导入期间不能收银"), file=sys.stderr, flush=True)


def _imported_text(done: member_import_types.Imported) -> str:
    from terminal.services.member_import import SYNC_FIRST_EN, SYNC_FIRST_ZH

    expiry = "" if done.expires_on is None else say(f", expiring {done.expires_on}", f"，于 {done.expires_on} 过期")
    source = _points_source(done) + expiry + _name_source(done)
    if done.dry_run:
        later = say(f". Before importing: {SYNC_FIRST_EN}", f"。正式导入前：{SYNC_FIRST_ZH}") if done.sync_first else ""
        return say(f"Dry run, nothing written: would import {text.many(done.members, 'member', 'members')} with "
                   f"{text.n_points(done.points)}{source}",
                   f"试运行，未写入：将导入 {done.members:,} 位会员，共 {done.points:,} 积分{source}") + later
    once = say(". Import at one till only: the others get these members when they sync",
               "。只需在一台终端导入；其他终端同步后就有这些会员") if done.linked else ""
    return say(f"Imported {text.many(done.members, 'member', 'members')} with {text.n_points(done.points)}{source}; "
               "no signup bonus", f"已导入 {done.members:,} 位会员，共 {done.points:,} 积分{source}；不送注册积分") + once


def _name_source(done: member_import_types.Imported) -> str:
    """Which column the names came from: a name column under a header not known is said, not dropped unseen."""
    if done.name_column is None:
        return say("; no name column found (姓名 or name): the members are imported without names",
                   "；没有找到姓名列（姓名或 name）：会员导入后没有姓名")
    return say(f"; names from the column {done.name_column}", f"；姓名取自“{done.name_column}”列")


def _points_source(done: member_import_types.Imported) -> str:
    """Which column the points came from, so that the owner sees a wrong one before importing."""
    if done.points_column is None:
        return say(" (no points column)", "（没有积分列）")
    en_aside, zh_aside = ", ".join(done.not_points), "、".join(done.not_points)
    return say(f" (from the column {done.points_column}" + (f"; not {en_aside})" if en_aside else ")"),
               f"（取自“{done.points_column}”列" + (f"；未用 {zh_aside}）" if zh_aside else "）"))


def member_export(args: Namespace, ctx: Context) -> Output:
    from terminal import backup
    from terminal.bootstrap import DiskFull, full_disk
    from terminal.services import member_export as exporting

    path = backup.new_file_target(args.file)
    till = ctx.till()
    by = auth.cashier(till, args)
    try:
        done = exporting.export_members(till.reading(), till.shop, by, path)
    except OSError as problem:
        full = full_disk(problem, path.parent)
        if full is not None:
            raise DiskFull(full) from problem
        raise
    words = say(f"Exported {_members(done.members)} to {done.file}", f"已导出 {done.members:,} 位会员到 {done.file}")
    if done.in_debt:
        words += say(f"; {_members(done.in_debt)} owing points: 积分余额 0 and the debt in 欠分 (member import "
                     "carries no debt)", f"；{done.in_debt:,} 位会员欠分：积分余额记为 0，欠分在“欠分”列"
                     "（导入会员不会带上欠分）")
    words += say(". It holds the members' phones and names: keep it safe and delete it when done",
                 "。文件含会员的手机号和姓名：请妥善保管，用完后删除")
    return Output(done.as_json(), words)


def _members(count: int) -> str:
    return text.many(count, "member", "members")


def _sale_line(spec: str) -> tuple[str, int]:
    category, sep, money = half_width(spec).rpartition(":")  # the last colon: a label may hold one, an amount not
    if not sep:
        raise Refused("bad_input", f"'{spec}' is not CATEGORY:AMOUNT (like general:199.99)",
                      f"“{spec}”格式应为 品类:金额（如 general:199.99）")
    return category.strip(), amount(money)


def by_category_id(lines: list[tuple[str, int]], rules: RuleSet) -> list[tuple[str, int]]:
    """The lines with each category as its id, however it was typed (general or 普通商品)."""
    return [(rules.category_id(category), fen) for category, fen in lines]


def points_change(text: str) -> int:
    """Points to add or (negative) take, as ``whole_number``; 1,000 too."""
    return whole_number(ungrouped(text))


def sale(args: Namespace, ctx: Context) -> Output:
    from terminal.services import sales

    lines = [_sale_line(spec) for spec in args.lines]
    redeem = points(args.redeem) if args.redeem is not None else 0
    till = ctx.till()
    by = auth.cashier(till, args)
    lines = by_category_id(lines, till.shop.rules)
    request = sales.SaleRequest(lines=lines, member=args.member, redeem_points=redeem, pay_method=args.pay,
                                coupon=args.coupon)
    result = sales.record_sale(till.uow(), till.shop, by, request, auth.approver(till, args))
    data = result.as_json()
    return Output(data, text.sale_text(data, till.shop.rules))


def refund(args: Namespace, ctx: Context) -> Output:
    from terminal.services import refunds

    till = ctx.till()
    by = auth.cashier(till, args)
    result = refunds.record_refund(till.uow(), till.shop, by, args.sale, args.lines, auth.approver(till, args))
    data = result.as_json()
    return Output(data, text.refund_text(data))


def sale_member(args: Namespace, ctx: Context) -> Output:
    from terminal.services import sale_member as attach

    till = ctx.till()
    by = auth.cashier(till, args)
    result = attach.give_sale_member(till.uow(), till.shop, by, args.sale, args.member, auth.approver(till, args))
    member = result.member
    return Output(result.as_json(), "\n".join([
        say(f"Sale {result.sale_id} given member {member.id}: {text.n_points(result.earned_points)} earned",
            f"销售单 {result.sale_id} 已补积分（会员 {member.id}）：获得积分 {result.earned_points:,}"),
        *([say(f"  Referral bonus: {result.bonus_points:,}", f"  推荐奖励：{result.bonus_points:,}")]
          if result.bonus_points else []),
        say(f"  Member {member.id}: balance {text.n_points(member.balance)}, tier {text.tier_text(member.tier)}",
            f"  会员 {member.id}：积分余额 {member.balance:,}，等级 {text.tier_text(member.tier)}")]))


def adjust_cmd(args: Namespace, ctx: Context) -> Output:
    from terminal.services import adjust

    till = ctx.till()
    by = auth.cashier(till, args)
    view = adjust.adjust_points(till.uow(), till.shop, by, args.ref, args.points, args.reason, auth.approver(till, args))
    return Output({"member": view.as_json()}, say(f"Adjusted by {signed_points(args.points)}. ", f"已调整 {args.points:+,} 积分。")
                  + text.member_text(view))


def expire(args: Namespace, ctx: Context) -> Output:
    from terminal.journal import Who
    from terminal.services import expiry

    till = ctx.till()
    who = Who(auth.cashier(till, args).name) if getattr(args, "cashier", None) else Who(None)
    run = expiry.expire_points(till.uow(), till.shop, who)
    return Output({"expired_points": run.expired_points, "members": run.members},
                  say(f"Expired {run.expired_points:,} points of {text.many(run.members, 'member', 'members')}",
                      f"已过期 {run.members} 位会员的 {run.expired_points:,} 积分"))


def report_day(args: Namespace, ctx: Context) -> Output:
    from terminal.services import reports

    day = day_or_none(args.date)
    till = ctx.till()
    data = reports.day_report(till.reading(), till.shop, day)
    title = say(f"Day totals {data['date']}, {data['store']} / {data['terminal']}",
                f"{data['date']} 当日汇总，{data['store']} / {data['terminal']}") + _to_come(data, till.shop.today())
    ledger_report = (f"jifen-ledger report day --merchant {till.shop.merchant} --terminal {data['terminal']} "
                     f"--date {data['date']}")
    return Output(data, text.totals_text(title, data, linked=till.shop.ledger is not None)
                  + text.held_elsewhere_text(data.get("incomplete", []), ledger_report) + _journal_warning(till, data))


def _to_come(data: dict[str, Any], today: date) -> str:
    """A day the store has not reached yet is said to be one, under the title: its figures are not a day's."""
    if date.fromisoformat(data["date"]) <= today:
        return ""
    data["day_to_come"] = True
    return "\n! " + say(f"This day has not come yet (it is {today} here): nothing can have been sold on it, and the "
                        "points outstanding are today's, less those that will have expired by then",
                        f"该日尚未到来（本店今天是 {today}）：该日不可能有销售；会员持有积分为目前的数字，已扣除届时将过期的积分")


def _journal_warning(till: Till, data: dict[str, Any]) -> str:
    """Totals from a journal changed after it was written may not be what was sold: say so under them."""
    from terminal.services import reports

    if "from_seq" in data:  # a Z: the entries it froze
        broken = reports.journal_broken_in(till.reading(), int(data["from_seq"]), int(data["to_seq"]))
    else:
        broken = reports.journal_broken_on(till.reading(), date.fromisoformat(data["date"]))
    if broken is None:
        return ""
    data["journal_broken_at"] = broken
    return "\n! " + say(f"The journal is broken at entry {broken}: it was changed after it was written, so these "
                        "totals may not be what was sold. Call the shop's owner: jifen journal verify shows the entry",
                        f"流水在第 {broken} 条处被破坏：写入后被改动过，以上数据可能与实际销售不符。"
                        "请联系店主：jifen journal verify 可查看该条记录")


def _z_text(till: Till, z: dict[str, Any]) -> str:
    from terminal.services import reports

    title = text.z_title(z, reports.z_span(till.reading(), till.shop, z))
    missing = reports.held_by_ledger_only(till.reading(), int(z["from_seq"]), int(z["to_seq"]))
    if missing:
        z["incomplete"] = missing
    return text.totals_text(title, z, linked=till.shop.ledger is not None) + text.held_elsewhere_text(missing) \
        + _journal_warning(till, z)


def report_z(args: Namespace, ctx: Context) -> Output:
    from terminal.services import reports

    till = ctx.till()
    z = reports.z_record(till.reading(), args.number)
    return Output(z, _z_text(till, z))


def day_close(args: Namespace, ctx: Context) -> Output:
    from terminal.services import cashiers, reports

    till = ctx.till()
    by = auth.cashier(till, args)
    who = cashiers.approval(by, auth.approver(till, args), "closing the day", "日结")
    z = reports.close_day(till.uow(), till.shop, who, by)
    ctx.backup_anew = True
    return Output(z, _z_text(till, z))


def shift_open(args: Namespace, ctx: Context) -> Output:
    from terminal.services import shifts

    till = ctx.till()
    data = shifts.open_shift(till.uow(), till.shop, auth.cashier(till, args))
    return Output(data, say(f"Shift opened for {data['cashier']}", f"{data['cashier']} 已开班"))


def shift_close(args: Namespace, ctx: Context) -> Output:
    from terminal.services import shifts

    till = ctx.till()
    data = shifts.close_shift(till.uow(), till.shop, auth.cashier(till, args))
    return Output(data, text.totals_text(say(f"Shift closed for {data['cashier']}", f"{data['cashier']} 已交班"), data))


def journal_verify(args: Namespace, ctx: Context) -> Output:
    from terminal.cli.verify import journal_verify as verify

    return verify(args, ctx)


def backup_cmd(args: Namespace, ctx: Context) -> Output:
    from terminal import backup, db
    from terminal.bootstrap import DiskFull, damaged_store, full_disk
    from terminal.codes.trust import store_identity

    backup.backup_target(Path(args.file))  # before anything is copied
    till = ctx.till()  # refuses a folder with no store
    with till.reading() as uow:
        key = store_identity(uow.session).terminal_key
    dest = backup.new_backup_file(Path(args.file), ctx.home.root, key)
    backup.writable_folder(dest.parent)
    try:
        backup.backup_to(ctx.home.db, dest, check=True)
    except db.Damaged as found:
        raise damaged_store(ctx.home, found.findings[0], (f"nothing was written to {dest}", f"未写入 {dest}")) from found
    except (OSError, sqlite3.Error) as problem:
        full = full_disk(problem, dest.parent, ctx.home.root)
        if full is not None:
            raise DiskFull(full) from problem
        refused = backup.unwritable(problem, dest.parent)
        if refused is not None:
            raise refused from problem
        raise
    keys = ctx.home.private_key.parent
    return Output({"file": str(dest)}, say(f"Backed up to {dest}. Keep a copy of {keys} too: a backup restores "
                                           "only with the keys it was made with",
                                           f"已备份到 {dest}。请同时保存 {keys} 的副本：备份只能配合原来的密钥恢复"))


def _owner(by: Actor) -> None:
    if by.role != "owner":
        raise Refused("forbidden", "only an owner can restore a backup", "只有店主可以恢复备份")


def _restored(source: Path, kept: Path | None, day: backup.DayAfterRestore, gap: Gap | None = None,
              unasked: bool = False) -> Output:
    data: dict[str, Any] = {"file": str(source), "previous": None if kept is None else str(kept),
                            "daily_backup": None if day.made is None else str(day.made),
                            "previous_daily_backup": None if day.kept is None else str(day.kept)}
    if gap is not None:
        data["resumed_after"] = gap.to_seq
    text = say(f"Restored from {source}", f"已从 {source} 恢复")
    if kept is not None:
        text += say(f"; the store as it was is kept in {kept}", f"；恢复前的数据保存在 {kept}")
    text += _day_text(day)
    if gap is not None:
        text += say(f". The ledger holds this terminal's entries up to {gap.to_seq}: the next one is {gap.to_seq + 1} "
                    f"(entries {gap.from_seq}–{gap.to_seq} are on the ledger only)",
                    f"。总账已有本终端到第 {gap.to_seq} 条的记录：下一条为第 {gap.to_seq + 1} 条"
                    f"（第 {gap.from_seq}–{gap.to_seq} 条只在总账中）")
    if unasked:
        text += say(". The ledger was not asked: sync before recording a sale, so that this terminal carries on "
                    "after the entries the ledger holds", "。未询问总账：请先同步再记录销售，以便本终端接续总账中已有的记录")
    return Output(data, text)


def _day_text(day: backup.DayAfterRestore) -> str:
    """Today's backup after a restore: of the restored store, and where the earlier one of today went."""
    text = ""
    if day.made is not None:
        text += say(f"; today's backup {day.made} is of the restored store", f"；今日备份 {day.made} 为恢复后的数据")
    elif day.problem is not None:
        text += say(f"; today's backup of the restored store was not made ({day.problem})",
                    f"；恢复后的今日备份未制作（{day.problem}）")
    if day.kept is not None:
        text += say(f" (the one made earlier today is kept in {day.kept})", f"（今日早些时候的备份保存在 {day.kept}）")
    return text


def _damaged(home: Home, problem: Exception) -> bool:
    """Whether the store's file is damaged or holds no store: what restoring a backup mends. A folder
    with the store's keys but no database (a new computer, keys/ copied over) is mended the same way."""
    from terminal.bootstrap import store_refusal

    if isinstance(problem, Refused):
        return problem.code == "damaged_store" or (
            problem.code == "not_initialised" and (home.db.exists() or home.private_key.exists()))
    refusal = store_refusal(home, problem)
    return refusal is not None and refusal.code == "damaged_store"


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # in a folder this user may not enter: check_backup says it cannot be read
        return False


def restore(args: Namespace, ctx: Context, ask: backup.LedgerAsk | None) -> Output:
    from sqlalchemy.exc import DBAPIError

    from terminal import backup
    from terminal.models import LedgerLink

    source = Path(args.file).expanduser().absolute()
    if _is_folder(source):
        raise Refused("bad_input", f"{source} is a folder: name the backup file to restore; nothing was restored",
                      f"{source} 是文件夹：请指定要恢复的备份文件；未做任何恢复")
    home = ctx.home
    try:
        till = ctx.till()
        by = auth.cashier(till, args)
    except (Refused, DBAPIError, sqlite3.DatabaseError) as problem:
        if not _damaged(home, problem):
            raise
        return _restore_over_damage(args, ctx, source, None if args.without_ledger else ask)
    _owner(by)
    with till.reading() as uow:
        link = uow.session.get(LedgerLink, 1)
        ledger_holds = link.acked_seq if link else 0
    backup.check_backup(source, till.shop.terminal_id, keys=home.private_key.parent)
    last = backup.last_entry(source)
    if last < ledger_holds:
        raise _behind_the_ledger(source, home, last, ledger_holds)
    stamp = till.shop.now().astimezone(till.shop.tz)
    kept = backup.keep_aside(home.db, backup.unused_name(home.backups, f"before-restore-{stamp:%Y%m%dT%H%M%S}"))
    ctx.close()
    return _restored(source, kept, _put_back(source, ctx, kept))


def _behind_the_ledger(source: Path, home: Home, last: int, held: int) -> Refused:
    """An intact store is not restored from a backup older than the ledger's copy of its journal (new entries would
    take numbers the ledger holds); what to do instead: nothing, read the reports, or the README's way of restoring
    over a missing store, which carries on after the ledger."""
    keys, token, ca = home.private_key.parent, home.root / "ledger.token", home.root / "ledger-ca.pem"
    with_ca, with_ca_zh = (f", {ca}", f"、{ca}") if ca.exists() else ("", "")
    return Refused(
        "bad_input",
        f"{source} ends at entry {last}, but the ledger already holds this terminal's entries up to {held}; nothing was "
        "restored. This store is intact, and every entry is in it or on the ledger: there is nothing to restore. "
        "Earlier days' figures are here (jifen report day --date DATE, jifen report z N) and on the ledger (jifen-ledger "
        "report day). To replace this store anyway, because what it holds is wrong: restore the backup into a new store "
        f"folder holding copies of {keys}{with_ca} and {token}, which carries on after the ledger's entries (jifen "
        "--home NEW_FOLDER restore FILE --cashier OWNER); then use only that folder, never this one again",
        f"{source} 只到第 {last} 条记录，而总账已有本终端到第 {held} 条的记录；未做任何恢复。本店数据完好，每条记录都在本店"
        "或总账中：无需恢复。以前各日的数据可在本店查看（jifen report day --date 日期，jifen report z 编号），也可在总账查看"
        "（jifen-ledger report day）。如因本店数据有误仍要替换：请在一个新的门店文件夹中放入 "
        f"{keys}{with_ca_zh} 与 {token} 的副本，再把备份恢复到该文件夹，它会接续总账中已有的记录"
        "（jifen --home 新文件夹 restore 文件 --cashier 店主）；之后只使用该文件夹，不要再使用本文件夹")


def _restore_over_damage(args: Namespace, ctx: Context, source: Path, ask: backup.LedgerAsk | None) -> Output:
    """The store cannot say who its owner is, so the backup does: the PIN is checked on a copy of it.
    Neither the terminal id nor what a ledger holds can be read from the damaged store: the ledger the
    backup is connected to is asked (``ask``; None: not asked). The copy is made whole first (migrated, carried
    on after what the ledger holds) and only then put over the damaged store, in one step: a restore cut
    short (power lost, killed) leaves the store damaged, to restore again, never restored but unaware of the
    entries the ledger holds (its next sale would take one of their numbers)."""
    from terminal import backup
    from terminal.bootstrap import open_till

    ctx.close()
    backup.check_backup(source, None, keys=ctx.home.private_key.parent)
    home = ctx.home
    with tempfile.TemporaryDirectory(prefix="jifen-restore-") as folder:
        scratch = Home(Path(folder))
        backup.restore_from(source, scratch.db)
        till = open_till(scratch)
        try:
            _owner(auth.cashier(till, args))
            stamp = till.shop.now().astimezone(till.shop.tz)
            end = None if ask is None else _ledger_end(till, ctx.home, source, ask)
            linked = till.shop.ledger is not None
            gap = None if end is None else _resume(till, end)
        finally:
            till.close()
        kept = backup.keep_aside(home.db, backup.unused_name(home.backups, f"before-restore-{stamp:%Y%m%dT%H%M%S}")) \
            if home.db.exists() else None
        day = _put_back(scratch.db, ctx, kept)
    return _restored(source, kept, day, gap, unasked=ask is None and linked)


def _resume(till: Till, end: ChainEnd) -> Gap | None:
    from terminal import journal

    with till.uow() as uow:
        gap = journal.resume_after(uow.session, end, till.shop.now(), "restore")
        uow.commit()
    return gap


def _ledger_end(till: Till, home: Home, source: Path, ask: backup.LedgerAsk) -> ChainEnd | None:
    """What the ledger holds past the backup's last entry (None: nothing), refused when the ledger cannot be asked,
    or holds another journal than the backup's."""
    from terminal import backup, journal

    try:
        end = ask(till, home)
    except Refused as cannot:
        raise Refused(cannot.code, f"{source} was not restored: the ledger cannot be asked up to which entry it holds "
                      f"this terminal's ({cannot.en}). Connect the network and restore again; or restore with "
                      "--without-ledger: this terminal then carries on after the entries the ledger holds at its first "
                      "sync, provided no sale is recorded before it",
                      f"未恢复 {source}：无法向总账查询本终端的记录已到第几条（{cannot.zh}）。请连接网络后重新恢复；"
                      "或加 --without-ledger 恢复：首次同步时本终端会接续总账中已有的记录，前提是同步前不记录任何销售") from None
    with till.reading() as uow:
        last, parted = journal.head_seq(uow.session), end is not None and journal.parted(uow.session, end)
    if parted:
        raise Refused("ledger_refused", f"{source} was not restored: the ledger holds other entries of terminal "
                      f"{till.shop.terminal_id} than this backup under the same numbers (it is not the journal the "
                      "ledger holds); restore a later backup of this terminal",
                      f"未恢复 {source}：总账中终端 {till.shop.terminal_id} 同编号的记录与此备份不同（不是总账所持的流水）；"
                      "请恢复本终端较新的备份")
    if end is None or end.seq <= last:
        return None
    if end.hash is None:  # a ledger too old to say: it cannot be carried on after
        backup.check_backup(source, None, ledger_holds=end.seq, chain=False)  # its chain was walked already
    return end


def _put_back(source: Path, ctx: Context, kept: Path | None) -> backup.DayAfterRestore:
    """Restore the backup into the store in one step (an SQLite transaction, or a damaged file replaced whole), with a
    rules file for its rules in force (``backup.write_rules_file``), and today's backup of it (``kept``: the store as
    it was, whose backup of today is kept aside where ``kept`` lacks some of it)."""
    from terminal import backup

    home = ctx.home
    try:
        backup.restore_from(source, home.db)
    except BaseException:
        backup.discard(kept)  # the store is as it was: the copy of it would only fill the disk, and is never pruned
        raise
    backup.write_rules_file(home)
    till = ctx.till()  # migrates a backup made by an older version
    return backup.back_up_the_restored(home, till.shop.today(), kept)


def rules_check(args: Namespace, ctx: Context) -> Output:
    path = Path(args.file) if args.file else ctx.home.rules
    if not path.exists():
        raise Refused("not_found", f"{path} does not exist", f"{path} 不存在")
    from terminal.bootstrap import read_rules_file, stored_rules

    rules = read_rules_file(path)
    in_force = stored_rules(ctx.home)
    changes = None if in_force is None else _changes_from(in_force, rules)
    words = [say(f"{path} is valid (version {rules.version})", f"{path} 有效（版本 {rules.version}）"),
             text.rules_text(rules).split("\n", 1)[1]]  # its settings, under the line above rather than "in force"
    if in_force is not None:
        words.append(_changes_text(in_force, changes or []))
    return Output({"ok": True, "version": rules.version, "file": str(path), "changes": changes}, "\n".join(words))


def _changes_from(in_force: RuleSet, rules: RuleSet) -> list[str]:
    from terminal.rules_changes import rules_changes

    return [say(en, zh) for en, zh in rules_changes(in_force, rules)]


def _changes_text(in_force: RuleSet, changes: list[str]) -> str:
    if not changes:
        return say(f"No setting differs from the rules in force (version {in_force.version}).",
                   f"与现行规则（版本 {in_force.version}）相比没有设置不同。")
    heading = say(f"Compared with the rules in force (version {in_force.version}), it changes:",
                  f"与现行规则（版本 {in_force.version}）相比，改变的设置：")
    return "\n".join([heading, *(f"  {line}" for line in changes)])


def rules_show(args: Namespace, ctx: Context) -> Output:
    till = ctx.till()
    rules = till.shop.rules
    return Output({"version": rules.version, "rules": json.loads(rules_to_json(rules))}, text.rules_text(rules))


def register(cli: CommandLine) -> None:
    """The core commands of cli.md, with their arguments."""
    p = cli.command("init", "create the store in the home folder (owner PIN from $JIFEN_NEW_PIN)", init)
    p.add_argument("--store", required=True, metavar="NAME")
    p.add_argument("--terminal", required=True, metavar="ID")
    p.add_argument("--merchant", default="local", metavar="ID")
    p.add_argument("--timezone", default="Asia/Shanghai", metavar="TZ")
    p.add_argument("--owner", required=True, metavar="NAME")

    cli.group("cashier", "cashiers and their roles")
    p = cli.command("cashier add", "add a cashier at this till (new PIN from $JIFEN_NEW_PIN)", cashier_add)
    p.add_argument("name", metavar="NAME")
    p.add_argument("--role", required=True, type=role, metavar=ROLE_METAVAR, help="their role")

    cli.group("member", "members")
    p = cli.command("member add", "register a member", member_add)
    p.add_argument("--phone", required=True)
    p.add_argument("--name")
    p.add_argument("--referrer", metavar="PHONE|ID")
    p = cli.command("member show", "show one member", member_show, read_only=True)
    p.add_argument("ref", metavar="PHONE|ID|CODE")
    p = cli.command("member edit", "correct a member's phone or name (manager or owner)", member_edit)
    p.add_argument("ref", metavar="PHONE|ID")
    p.add_argument("--phone", metavar="NEW", help="the member's new phone number")
    names = p.add_mutually_exclusive_group()
    names.add_argument("--name", metavar="NAME", help="the member's name as it should be")
    names.add_argument("--no-name", action="store_true", help="remove the member's name")
    p = cli.command("member import", "import members from the old system's CSV file (owner only): columns 手机号/phone, "
                    "姓名/name, 积分/points; all or nothing, no signup bonus", member_import)
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--dry-run", action="store_true", help="check the file and say what would be imported, writing nothing")

    p = cli.command("member export", "write every member to a CSV file for Excel (owner only): 手机号, 姓名, 积分余额 "
                    "and more; member import takes it back", member_export, read_only=True)
    p.add_argument("file", metavar="FILE.csv")

    p = cli.command("sale", "record a sale", sale)
    p.add_argument("--member", metavar="PHONE|ID|CODE")
    p.add_argument("--line", action="append", default=[], metavar="CATEGORY:AMOUNT", dest="lines")
    p.add_argument("--redeem", metavar="POINTS")
    p.add_argument("--pay", default="cash", type=pay_method, metavar=PAY_METAVAR, help="how it is paid (default cash)")
    p.add_argument("--coupon", metavar="CODE|ID", help="take a coupon off this sale")

    p = cli.command("refund", "refund a sale, or some of its lines", refund)
    p.add_argument("sale", metavar="SALE_ID")
    p.add_argument("--line", action="append", type=line_number, dest="lines", metavar="N")

    p = cli.command("sale-member", "give a paid sale the member whose card was shown after paying (补积分); "
                    "a sale of an earlier day, up to 7 back, needs a manager", sale_member)
    p.add_argument("sale", metavar="SALE_ID")
    p.add_argument("--member", required=True, metavar="PHONE|ID|CODE")

    p = cli.command("adjust", "add or take points by hand (manager or owner)", adjust_cmd)
    p.add_argument("ref", metavar="PHONE|ID")
    p.add_argument("--points", required=True, type=points_change, metavar="N")
    p.add_argument("--reason", required=True, metavar="TEXT")

    cli.command("expire", "expire every lot due by now", expire)

    cli.group("report", "totals")
    p = cli.command("report day", "day totals for this store", report_day, read_only=True)
    p.add_argument("--date", metavar="YYYY-MM-DD")
    p = cli.command("report z", "show a Z record", report_z, read_only=True)
    p.add_argument("number", type=z_number, metavar="N")

    cli.group("day", "the business day")
    cli.command("day close", "close the day: write the next Z record", day_close)

    cli.group("shift", "shifts")
    cli.command("shift open", "open your shift", shift_open)
    cli.command("shift close", "close your shift and show its totals", shift_close)

    cli.group("journal", "the hash-chained journal")
    cli.command("journal verify", "check the store file, the hash chain and the members' balances", journal_verify,
                read_only=True)

    p = cli.command("backup", "copy the store to FILE (safe while the terminal runs)", backup_cmd, read_only=True)
    p.add_argument("file", metavar="FILE")
    p = cli.command("restore", "replace the store with a backup (the current one is kept in backups/)",
                    lambda args, ctx: restore(args, ctx, cli.ask_ledger))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--without-ledger", action="store_true",
                   help="restore over a damaged or missing store without asking the ledger how far it holds this "
                        "terminal's entries (sync before the next sale)")

    cli.group("rules", "the rule set")
    p = cli.command("rules check", "validate a rules file (default: the store's rules.toml)", rules_check, read_only=True)
    p.add_argument("file", nargs="?", metavar="FILE")
    cli.command("rules show", "show the rules in force", rules_show, read_only=True)
    mall_commands.register(cli)
