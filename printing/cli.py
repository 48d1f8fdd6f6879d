"""The printing commands of `jifen`:

    receipt ID|CODE [--printer URL | --preview FILE.png | --text]   (a sale, refund, gift exchange, cancel or coupon)
    receipt verify TEXT
    print day [--date YYYY-MM-DD] / print z N / print card PHONE|ID [--code TEXT]   (same output options)
    print queue [--all] / print retry [JOB]
    printer test [--printer URL | --preview FILE.png | --text] / printer status [--printer URL]

Every printing command also takes ``--profile NAME`` and ``--lang zh|en`` to override config.toml.

The print queue, the store and Pillow are imported by the commands that print: `jifen sale` in a shop without a
printer, or `jifen --help`, does not load them.
"""

from __future__ import annotations

import os
from argparse import Namespace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from printing.charset import ASCII_YUAN
from printing.layout import Page
from printing.png_target import png_target
from printing.printer_url import parse_printer_url
from printing.problems import PrintProblem, about_printer
from printing.profiles import PrinterProfile, find_profile
from printing.render_text import to_text
from printing.settings import load_printer_settings
from printing.status import PrinterState
from printing.words import LANGUAGES, money, pay_name
from terminal.cli.registry import (
    CommandLine,
    Context,
    Output,
    Parser,
    job_number,
    z_number,
)
from terminal.errors import Refused
from terminal.lang import many, prefers_chinese, say

if TYPE_CHECKING:
    from printing.print_queue import Job
    from printing.service import Outcome, Printing

_WHAT = {"receipt": ("Receipt", "小票"), "refund": ("Refund receipt", "退款小票"), "day": ("Day totals", "当日汇总"),
         "z": ("Z report", "日结报表"), "card": ("Member card", "会员卡"), "test": ("Test page", "测试页"),
         "gift": ("Gift exchange", "礼品兑换单"), "gift_cancel": ("Cancelled exchange", "取消兑换单"),
         "coupon": ("Coupon", "优惠券")}
_SAVED = {"receipt": (" The sale itself is saved.", "销售已保存。"), "refund": (" The refund itself is saved.", "退款已保存。"),
          "gift": (" The exchange itself is saved.", "兑换已保存。"), "gift_cancel": (" The cancel itself is saved.", "取消已保存。"),
          "coupon": (" The coupon itself is saved.", "优惠券已保存。")}
_STATE_WORDS = {
    PrinterState.READY: ("printer ready", "打印机就绪"),
    PrinterState.PAPER_LOW: ("paper running low — have a roll ready", "纸将用完——请备好纸卷"),
    PrinterState.UNKNOWN: ("the printer does not say how it is (no answer to a status query)", "打印机未回复状态查询，状态未知"),
}


def _only_shown(args: Namespace, ctx: Context) -> None:
    """A document only shown (--text, --preview) is only read: it works on a read-only store too."""
    if getattr(args, "text", False) or getattr(args, "preview", None):
        ctx.read_only = True


def _printing(args: Namespace, ctx: Context) -> Printing:
    """Printing for this store; a bad printer address or profile is refused before anything is queued."""
    from printing.service import Printing

    _only_shown(args, ctx)
    till = ctx.till()
    printing = Printing(till, load_printer_settings(ctx.home.config))
    printing = printing.with_overrides(url=getattr(args, "printer", None), profile=args.profile, language=args.lang)
    find_profile(printing.settings.profile)
    if printing.settings.url:
        parse_printer_url(printing.settings.url)
    return printing


def _name(kind: str, ref: str) -> tuple[str, str]:
    en, zh = _WHAT[kind]
    return (f"{en} {ref}", f"{zh} {ref}") if ref else (en, zh)


def _subject(kind: str, ref: str) -> tuple[str, str]:
    """``_name`` to begin a sentence: in Chinese a space only after a number (小票 T1-7 未打印, 测试页未打印)."""
    en, zh = _name(kind, ref)
    return en, f"{zh} " if ref else zh


def _job_line(job: Job, tz: ZoneInfo) -> str:
    from printing import print_queue, sources

    en, zh = _name(job.kind, job.ref)
    copy = say(" (copy)", "（重印）") if job.copy else ""
    problem = job.problem
    when = f"{sources.local_time(job.printed_at, tz):%Y-%m-%d %H:%M}" if job.printed_at else ""
    if job.status == print_queue.PRINTED:
        state = say(f"printed {when}", f"已打印 {when}")
    elif job.status == print_queue.SENT:
        state = say(f"sent {when}, not confirmed: it may have printed", f"已发送 {when}，未确认：可能已打印")
    elif job.status == print_queue.CHECKED:
        state = say(f"sent {when}, not confirmed by the printer; printed, as the cashier checked on the paper",
                    f"已发送 {when}，打印机未确认；收银员查看纸张后确认已打印")
    elif job.claim_ran_out:
        state = say(f"waiting: its printing stopped halfway at {when} (the program was closed?)",
                    f"待打印：{when} 打印中途停止（程序被关闭？）")
    elif job.status == print_queue.SENDING:
        state = say(f"being printed (since {when})", f"正在打印（{when} 起）")
    elif problem is not None:
        tries = f"{job.attempts} attempt{'s' if job.attempts != 1 else ''}"
        state = say(f"waiting after {tries}: {problem.message}", f"待打印，已尝试 {job.attempts} 次：{problem.message}")
    else:
        state = say("waiting", "待打印")
    return f"#{job.id} {say(en, zh)}{copy} — {state}"


def _printed(outcome: Outcome, just_made: bool = False) -> Output:
    """What became of a print; ``just_made``: after the command that made the document (a sale…), which stands."""
    from printing import print_queue

    job = outcome.job
    en, zh = _subject(job.kind, job.ref)
    if outcome.problem is None:
        copy = say(" (marked COPY)", "（重印）") if job.copy else ""
        if outcome.elsewhere:
            return Output(outcome.as_json(), say(f"{en} printed{copy} by another window or command of this till "
                                                 f"(job {job.id})", f"{zh}已由本终端的另一个窗口或命令打印{copy}（任务 {job.id}）"))
        return Output(outcome.as_json(), say(f"{en} printed{copy} (job {job.id})", f"{zh}已打印{copy}（任务 {job.id}）"))
    if outcome.busy:
        return Output(outcome.as_json(), say(f"{en} is being printed by another window or command of this till "
                                             f"(job {job.id}): check the paper in a moment",
                                             f"{zh}正由本终端的另一个窗口或命令打印（任务 {job.id}）：请稍后查看纸张"))
    if outcome.unsure or (job.status == print_queue.NOT_KEPT and outcome.problem.code == "no_answer"):
        return Output(outcome.as_json(), _unsure(job), failed=True)
    return Output(outcome.as_json(), _not_printed(job, outcome.problem.message, just_made), failed=True)


def _unsure(job: Job) -> str:
    from printing import print_queue

    en, zh = _subject(job.kind, job.ref)
    if job.status == print_queue.NOT_KEPT:  # a printer named for this once: the queue's retry would use the shop's
        return say(f"{en} may have printed — check the paper: the printer took it but did not confirm it. "
                   "If it did not come out, print it again the same way.",
                   f"{zh}可能已打印——请查看纸张：打印机收到了数据但未确认。如未打出，请用同样的命令再打印一次。")
    return say(f"{en} may have printed — check the paper: the printer took it but did not confirm it (job {job.id}). "
               f"If it did not come out, 'jifen print retry {job.id}' prints it again, marked COPY.",
               f"{zh}可能已打印——请查看纸张：打印机收到了数据但未确认（任务 {job.id}）。"
               f"如未打出，可用“jifen print retry {job.id}”重印（标为重印）。")


def _not_printed(job: Job, why: str, just_made: bool = False) -> str:
    from printing import print_queue

    en, zh = _subject(job.kind, job.ref)
    if job.status != print_queue.QUEUED:  # not kept: a test page, a print to a printer named for this once
        return say(f"{en} NOT printed: {why}", f"{zh}未打印：{why}")
    saved = say(*_SAVED[job.kind]) if just_made and job.kind in _SAVED else ""
    return say(f"{en} NOT printed: {why}. It waits in the print queue as job {job.id} ('jifen print retry').{saved}",
               f"{zh}未打印：{why}。已留在打印队列（任务 {job.id}，可用“jifen print retry”重印）。{saved}")


def save_png(page: Page, profile: PrinterProfile, font: Path, target: Path) -> Path:
    """``printing.render_png.save_png``: Pillow is loaded for a preview only."""
    from printing.render_png import save_png as save

    return save(page, profile, font, target)


def _save_preview(page: Page, printing: Printing, font: Path, target: Path) -> Path:
    """A file is written whole or not at all (a full disk leaves no empty picture behind): through a
    temporary file beside it. A pipe or a device (``/dev/stdout``) is refused: the picture goes to a file."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        save_png(page, printing.profile(), font, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _deliver(args: Namespace, ctx: Context, kind: str, ref: str, printing: Printing | None = None) -> Output:
    """Print, or with --preview / --text show, one document."""
    from printing.fonts import find_cjk_font

    printing = printing or _printing(args, ctx)
    if args.preview or args.text:
        try:
            document = printing.document(kind, ref)
        except PrintProblem as problem:
            return Output({"error": problem.code, "message": problem.message}, problem.message, failed=True)
        page = printing.page(document)
        if args.text:
            text = to_text(page)
            return Output({"text": text, "codes": document.qr_payloads}, text.rstrip("\n"))
        font = find_cjk_font(printing.settings.preview_font)
        target = png_target(Path(args.preview), ctx.home.root, "--preview", "receipt.png")
        try:
            written = _save_preview(page, printing, font, target)
        except OSError as exc:
            raise Refused("bad_input", f"cannot write {args.preview}: {exc.strerror or exc}",
                          f"无法写入 {args.preview}：{exc.strerror or exc}") from None
        return Output({"file": str(written), "codes": document.qr_payloads},
                      say(f"Preview written to {written}", f"预览已保存到 {written}"))
    printing.printer_url()  # refuses when no printer is set up, before a job is queued
    return _printed(printing.print(kind, ref, one_off=bool(getattr(args, "printer", None))))


def receipt(args: Namespace, ctx: Context) -> Output:
    from printing import sources

    if args.ref == "verify":
        if not args.code:
            raise Refused("bad_input", "give the text of the receipt's QR code: jifen receipt verify TEXT",
                          "请提供小票码的文字：jifen receipt verify 文字")
        return _verify(args.code, ctx)
    if args.code:
        raise Refused("bad_input", "give one receipt's number (or 'verify TEXT')", "请只给出一个单号（或 verify 文字）")
    printing = _printing(args, ctx)
    with printing.till.reading() as uow:
        kind, ref = sources.receipt_kind(uow.session, printing.till.shop, args.ref)
    return _deliver(args, ctx, kind, ref, printing)


def _verify(text: str, ctx: Context) -> Output:
    from printing.receipt_check import check_receipt, claimed

    ctx.read_only = True
    till = ctx.till()
    shop = till.shop
    try:
        with till.reading() as uow:
            checked = check_receipt(uow.session, shop, text)
    except Refused as refused:
        data = {"ok": False, "error": refused.code, "message": refused.message, **claimed(text)}
        return Output(data, refused.message, failed=True)
    code = checked.code
    data = checked.as_json(shop)
    when = code.at.astimezone(shop.tz).strftime("%Y-%m-%d %H:%M:%S")
    if code.kind == "sale":
        lines = [say(f"Genuine receipt: sale {code.entry_id}, {when}, total {money(code.total_fen)}, "
                     f"{many(code.earned_points, 'point', 'points')} earned, "
                     f"{many(code.redeemed_points, 'point', 'points')} paid",
                     f"小票真实有效：销售单 {code.entry_id}，{when}，合计 {money(code.total_fen)}，"
                     f"获得 {code.earned_points:,} 积分，抵扣 {code.redeemed_points:,} 积分")]
    else:
        lines = [say(f"Genuine receipt: refund {code.entry_id}, {when}, {money(-code.total_fen)} refunded",
                     f"小票真实有效：退款单 {code.entry_id}，{when}，退款 {money(-code.total_fen)}")]
    lines += _entry_lines(checked.entry, code.kind) if checked.in_store else [
        say(f"  This store has no entry {code.seq} of terminal {code.terminal} (restored from an older backup?)",
            f"  本店数据中没有终端 {code.terminal} 的第 {code.seq} 条记录（是否恢复了较早的备份？）")]
    return Output(data, "\n".join(lines))


def _approved(entry: dict[str, Any]) -> str:
    return say(f", approved by {entry['approver']}", f"，授权人 {entry['approver']}") if entry.get("approver") else ""


def _entry_lines(entry: dict[str, Any] | None, kind: str) -> list[str]:
    if entry is None:
        return []
    if kind == "refund":
        return [say(f"  Refund of sale {entry['sale_id']}: {money(entry['money_fen'])} back, "
                    f"{many(entry['restored_points'], 'point', 'points')} given back, "
                    f"{entry['reversed_points']:,} taken back",
                    f"  退销售单 {entry['sale_id']}：退还 {money(entry['money_fen'])}，退回 {entry['restored_points']:,} 积分，"
                    f"扣回 {entry['reversed_points']:,} 积分"),
                say(f"  Cashier {entry['cashier']}", f"  收银员 {entry['cashier']}") + _approved(entry)]
    method = pay_name("zh" if prefers_chinese() else "en", entry["pay_method"])
    out = [say(f"  Cashier {entry['cashier']}, member {entry['member'] or '-'}, paid {money(entry['paid_fen'])} "
               f"({method})", f"  收银员 {entry['cashier']}，会员 {entry['member'] or '-'}，"
               f"实付 {money(entry['paid_fen'])}（{method}）") + _approved(entry)]
    for line in entry["lines"]:
        refunded = say(f"  refunded ({line['refund_id']})", f"  已退（{line['refund_id']}）") if line["refund_id"] else ""
        out.append(f"  {line['line']}. {line['name']} {money(line['amount_fen'])}{refunded}")
    return out


def print_day(args: Namespace, ctx: Context) -> Output:
    _only_shown(args, ctx)
    day = args.date or ctx.till().shop.today().isoformat()
    try:
        date.fromisoformat(day)
    except ValueError:
        raise Refused("bad_input", f"'{day}' is not a date like 2026-03-01", f"“{day}”不是日期，格式如 2026-03-01") from None
    return _deliver(args, ctx, "day", day)


def print_z(args: Namespace, ctx: Context) -> Output:
    from terminal.services.reports import z_record

    printing = _printing(args, ctx)
    z_record(printing.till.reading(), args.number)  # refuses a Z that does not exist, before a job is queued
    return _deliver(args, ctx, "z", str(args.number), printing)


def print_card(args: Namespace, ctx: Context) -> Output:
    """The member's code given (--code), else a fresh one issued as the card prints (queued, as it is retried)."""
    from terminal.keys import KeyFiles, load_code_signer
    from terminal.services.members import find_member

    given = (args.code or "").strip()
    printing = _printing(args, ctx)
    if given:
        printing = printing.with_overrides(member_code=lambda _member: given)
    else:  # refused before a job is queued: a terminal that cannot issue codes could never print it
        load_code_signer(KeyFiles(ctx.home.private_key.parent), printing.till.shop.merchant)
    with printing.till.reading() as uow:
        member_id = find_member(uow.session, args.member, printing.till.shop).id
    return _deliver(args, ctx, "card", member_id, printing)


def print_queue_cmd(args: Namespace, ctx: Context) -> Output:
    from printing import print_queue

    till = ctx.till()
    jobs = print_queue.list_jobs(till.reading(), everything=args.all)
    waiting = sum(1 for job in jobs if job.status in print_queue.WAITING)
    if not jobs:
        text = say("The print queue is empty", "打印队列为空")
    else:
        lines = [_job_line(job, till.shop.tz) for job in jobs]
        text = "\n".join([say(f"{waiting} waiting to print", f"{waiting} 项待打印"), *lines])
    return Output({"jobs": [job.as_json() for job in jobs], "queued": waiting}, text)


def print_retry(args: Namespace, ctx: Context) -> Output:
    from printing import print_queue

    printing = _printing(args, ctx)
    printing.printer_url()
    outcomes = printing.retry(args.job)
    left = print_queue.list_jobs(printing.till.reading())
    data = {"jobs": [o.as_json() for o in outcomes], "printed": [o.job.id for o in outcomes if o.printed],
            "queued": [job.id for job in left]}
    if not outcomes:
        return Output(data, say("Nothing waits to be printed", "没有待打印的任务"))
    text = "\n".join([_job_line(o.job, printing.till.shop.tz) for o in outcomes] + (
        [say(f"{len(left)} still waiting", f"仍有 {len(left)} 项待打印")] if left else []))
    problems = [o.problem for o in outcomes if o.problem is not None and not o.busy]
    if problems:
        data.update({"error": problems[-1].code, "message": problems[-1].message})
    return Output(data, text, failed=bool(problems))


def printer_test(args: Namespace, ctx: Context) -> Output:
    return _deliver(args, ctx, "test", "")


def printer_status(args: Namespace, ctx: Context) -> Output:
    printing = _printing(args, ctx)
    url = printing.printer_url()
    base = {"printer": str(url), "profile": printing.profile().name}
    try:
        state = printing.state()
    except PrintProblem as problem:
        return Output({**base, "status": problem.code, "error": problem.code, "message": problem.about_printer},
                      problem.about_printer, failed=True)
    en, zh = _STATE_WORDS.get(state, ("", ""))
    message = say(en, zh) if en else about_printer(state.value)
    data = {**base, "status": state.value, "message": message, "language": printing.settings.paper_language}
    lines = [f"{url}: {message}"]
    if printing.settings.chinese == "none":
        lines.append(say(f'Set up without Chinese (chinese = "none" in config.toml): receipts print in English, '
                         f"amounts as {ASCII_YUAN}388.00, Chinese names as ?",
                         f"已设为不支持中文（config.toml 中 chinese = \"none\"）：小票以英文打印，金额印作 {ASCII_YUAN}388.00，"
                         f"中文名称印作 ?"))
    return Output(data, "\n".join(lines), failed=state.stops_printing)


# What `refund`, `gift cancel`, `gift exchange`, `coupon issue`, `sale` and `coupon use` queue, by the key naming
# it; the first key found is the command's own (a refund names its sale too, a cancel its exchange).
_QUEUED_BY = (("refund", "refund_id"), ("gift_cancel", "cancel_id"), ("gift", "exchange_id"), ("coupon", "coupon_id"),
              ("receipt", "sale_id"))


def print_what_was_queued(ctx: Context, out: Output) -> Output:
    """After a command that queued a receipt (a printer is set up), print it, as the app does. What the
    command did stands whatever the printer does: a receipt that does not print waits in the queue."""
    till = ctx.opened
    if till is None or out.failed or not till.shop.print_receipts:
        return out
    from printing import print_queue  # only now: a shop without a printer does not load them
    from printing.service import Printing

    kind, ref = next(((kind, out.data[key]) for kind, key in _QUEUED_BY if isinstance(out.data.get(key), str)),
                     ("", ""))
    # The job written with the record, the newest of its document (`sale-member` queues a copy of a receipt printed
    # before): the app's printer watch (or another command) may have taken it meanwhile.
    jobs = print_queue.jobs_for(till.reading(), kind, ref)[-1:] if kind else []
    if not jobs:
        return out
    try:
        printing = Printing(till, load_printer_settings(ctx.home.config))
    except Refused as refused:  # config.toml cannot be read: the receipt waits until it is mended
        return _unreadable_settings(out, jobs, refused)
    outcomes = [printing.attempt(job) for job in jobs]
    said = [_printed(outcome, just_made=True) for outcome in outcomes]
    earlier = printing.retry() if all(outcome.printed for outcome in outcomes) else []
    waiting = printing.waiting()
    data = out.data | {"printed": [o.data for o in said], "earlier_printed": [o.as_json() for o in earlier if o.printed],
                       "print_queue": waiting}
    others = waiting - sum(1 for outcome in outcomes if outcome.job.status == print_queue.QUEUED)
    return Output(data, "\n".join([out.text, *(o.text for o in said), *_caught_up(earlier, waiting, others)]))


def _unreadable_settings(out: Output, jobs: list[Job], refused: Refused) -> Output:
    """A receipt still waiting waits until config.toml is mended; one another program took, how its print went."""
    from printing.service import Outcome

    said = [_printed(Outcome.taken(job)) if not job.claimable else
            Output(job.as_json() | {"error": refused.code, "message": refused.message},
                   _not_printed(job, refused.message, just_made=True)) for job in jobs]
    return Output(out.data | {"printed": [o.data for o in said]}, "\n".join([out.text, *(o.text for o in said)]))


def _caught_up(earlier: list[Outcome], waiting: int, others: int) -> list[str]:
    """What became of the jobs that were waiting, printed after this customer's receipt; how many still wait
    (said when jobs other than this command's own wait)."""
    lines = []
    printed = [say(*_name(o.job.kind, o.job.ref)) for o in earlier if o.printed]
    if printed:
        lines.append(say(f"Printed after it, waiting from before: {', '.join(printed)}",
                         f"随后打印了之前待打印的：{'、'.join(printed)}"))
    problem = next((o.problem for o in earlier if o.problem is not None), None)
    if others > 0:
        why = say(f": {problem.message}", f"：{problem.message}") if problem else ""
        lines.append(say(f"{waiting} still waiting in the print queue{why} ('jifen print queue', 'jifen print retry')",
                         f"打印队列中仍有 {waiting} 项待打印{why}（“jifen print queue”、“jifen print retry”）"))
    return lines


def _options(p: Parser, outputs: bool = True) -> None:
    where = p.add_mutually_exclusive_group()
    where.add_argument("--printer", metavar="URL", help="print here instead of the printer in config.toml")
    if outputs:
        where.add_argument("--preview", metavar="FILE.png", help="write a picture of the paper instead of printing")
        where.add_argument("--text", action="store_true", help="show the text instead of printing")
    p.add_argument("--profile", metavar="NAME", help="printer profile: 58mm, 80mm or a model (default from config.toml)")
    p.add_argument("--lang", choices=LANGUAGES, help="language on paper (default from config.toml)")


def register(cli: CommandLine) -> None:
    """Add the printing commands to `jifen`, and printing the receipts that other commands queue."""
    cli.after_write.append(print_what_was_queued)
    p = cli.command("receipt", "print a receipt (of a sale, refund, gift exchange, its cancel or a coupon, by its id, or a "
                    "scanned receipt code), or 'receipt verify TEXT'", receipt)
    p.add_argument("ref", metavar="ID|verify")
    p.add_argument("code", nargs="?", metavar="TEXT", help="with 'verify': the text of the receipt's QR code")
    _options(p)

    cli.group("print", "print reports and cards; the print queue")
    p = cli.command("print day", "print the day totals", print_day)
    p.add_argument("--date", metavar="YYYY-MM-DD")
    _options(p)
    p = cli.command("print z", "print a Z report", print_z)
    p.add_argument("number", type=z_number, metavar="N")
    _options(p)
    p = cli.command("print card", "print a member card", print_card)
    p.add_argument("member", metavar="PHONE|ID")
    p.add_argument("--code", metavar="TEXT", help="print this code instead of issuing the member a new one")
    _options(p)
    p = cli.command("print queue", "show the jobs waiting to print, and why", print_queue_cmd, read_only=True)
    p.add_argument("--all", action="store_true", help="the latest jobs, printed ones too")
    p = cli.command("print retry", "print the waiting jobs again (or one job)", print_retry)
    p.add_argument("job", nargs="?", type=job_number, metavar="JOB")
    _options(p, outputs=False)

    cli.group("printer", "the receipt printer")
    p = cli.command("printer test", "print a test page", printer_test)
    _options(p)
    p = cli.command("printer status", "ask the printer how it is (paper, cover, online)", printer_status, read_only=True)
    _options(p, outputs=False)
