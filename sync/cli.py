"""`jifen ledger connect URL`, `jifen sync` and `jifen sync --status`. The ledger's client (requests, the protocol's
models) is imported by these commands only: the others of `jifen` do not load it."""

from __future__ import annotations

import sys
from argparse import Namespace
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from terminal.cli import auth
from terminal.cli.registry import CommandLine, Context, Output
from terminal.cli.text import many
from terminal.errors import Refused
from terminal.home import Home
from terminal.lang import say
from terminal.phones import mask_phone

if TYPE_CHECKING:
    from sync.relay import Syncer, SyncStatus
    from terminal.bootstrap import Till
    from terminal.journal import ChainEnd
    from terminal.shop import Shop


def _left_pending(sent: int, pending: int) -> tuple[str, str]:
    """What became of the entries, after a sync that stopped: ``sent`` by it before it stopped, ``pending`` now."""
    from sync.client import ALL_PENDING

    if sent == 0:
        return ALL_PENDING
    return (f"{many(sent, 'entry was', 'entries were')} sent, {pending:,} {'stays' if pending == 1 else 'stay'} pending",
            f"已发送 {sent:,} 条，{pending:,} 条保持待同步")


def _revoked_way(shop: Shop) -> tuple[str, str]:
    """What the ledger's owner does for a terminal it revoked (installer/README.md step 10): a new token only for a
    revoke made by mistake, else the counter becomes a new terminal."""
    merchant, terminal = shop.merchant, shop.terminal_id
    return (f"Tell the ledger's owner: if it was revoked by mistake, they re-admit it with jifen-ledger terminal token "
            f"--merchant {merchant} --terminal {terminal}, and jifen ledger connect URL here takes the new token; else "
            f"this counter is set up as a new terminal (installer/README.md step 10: jifen-ledger terminal add --merchant "
            f"{merchant} --store {shop.store} --terminal NEW, then jifen init --merchant {merchant} --terminal NEW … in "
            "a new store folder)",
            f"请告知总账管理员：如系误操作吊销，可用 jifen-ledger terminal token --merchant {merchant} --terminal "
            f"{terminal} 重新启用本终端，再在本机运行 jifen ledger connect URL 使用新令牌；否则请将本机设为新终端"
            f"（installer/README.md 第 10 步：jifen-ledger terminal add --merchant {merchant} --store {shop.store} "
            f"--terminal 新编号，然后在新的门店文件夹中运行 jifen init --merchant {merchant} --terminal 新编号 …）")


def _revoked(reason: str, pending: int, shop: Shop) -> Refused:
    """The ledger answered that it revoked this terminal (403): nothing recorded here reaches it any more."""
    if pending == 0:
        left, left_zh = "nothing recorded here is waiting, but nothing recorded from now on is sent", \
            "本机目前没有待发送的记录，但此后记录的都不会发送"
    else:
        left = (f"{'the entry' if pending == 1 else f'the {pending:,} entries'} recorded here since its last sync "
                f"{'stays' if pending == 1 else 'stay'} here and {'is' if pending == 1 else 'are'} not sent")
        left_zh = f"本机自上次同步以来记录的 {pending:,} 条记录留在本机，不会发送"
    way, way_zh = _revoked_way(shop)
    terminal = shop.terminal_id
    return Refused("ledger_refused", f"the ledger has revoked terminal {terminal} ({reason}): {left}. {way}",
                   f"总账已吊销终端 {terminal}：{left_zh}。{way_zh}")


def _refused(failure: Exception, sent: int = 0, pending: int = 0, shop: Shop | None = None) -> Refused:
    """``failure`` in the till's words; ``shop``: the store, which a revoked terminal's words name."""
    from sync.client import NEW_TOKEN, LedgerCannotStore, LedgerFailed, LedgerRefused, LinkDown
    from sync.relay import Conflict, described, tampered

    if isinstance(failure, LedgerRefused) and failure.status == 403 and shop is not None:
        return _revoked(failure.message, pending, shop)
    if isinstance(failure, LedgerCannotStore | LedgerFailed):
        en, zh = _left_pending(sent, pending)
        return Refused("ledger_unavailable", f"{failure.en}; {en} and sales go on", f"{failure.zh}；{zh}，销售照常进行")
    if isinstance(failure, LinkDown):
        en, zh = _left_pending(sent, pending)
        return Refused("offline", f"the ledger cannot be reached ({failure.en}); {en} and sales go on",
                       f"{failure.zh}；{zh}，销售照常进行")
    if isinstance(failure, LedgerRefused) and failure.status == 401:
        en, zh = _left_pending(sent, pending)
        return Refused("ledger_refused", f"the ledger refused this terminal's token ({failure.message}); {en}: "
                                         f"{NEW_TOKEN[0]}", f"总账{failure.zh}；{zh}：{NEW_TOKEN[1]}")
    if isinstance(failure, LedgerRefused) and failure.code == "tampered":
        return Refused("ledger_refused", *tampered(failure))
    if isinstance(failure, Conflict):
        return Refused("ledger_refused", failure.en, failure.zh)
    if isinstance(failure, LedgerRefused) and failure.status == 0:  # the terminal's own words (tls, not_a_ledger)
        return Refused("ledger_refused", failure.message, failure.zh)
    if isinstance(failure, LedgerRefused):
        return Refused("ledger_refused", *failure.words)
    return Refused("ledger_refused", *described(failure))


def _not_connected(failure: Exception, pending: int, shop: Shop) -> Refused:
    """``failure`` of `ledger connect` in the till's words: nothing was connected, whatever the sync would say."""
    from sync.client import UNKNOWN_TOKEN_ZH, LedgerCannotStore, LedgerFailed, LedgerRefused, LinkDown

    if isinstance(failure, LinkDown):
        code = "ledger_unavailable" if isinstance(failure, LedgerCannotStore | LedgerFailed) else "offline"
        return Refused(code, f"{failure.en}: nothing was connected", f"{failure.zh}：未连接总账")
    if isinstance(failure, LedgerRefused) and failure.status == 0:
        return Refused("ledger_refused", f"{failure.message}: nothing was connected", f"{failure.zh}：未连接总账")
    if isinstance(failure, LedgerRefused) and failure.status == 401:
        return Refused("ledger_refused", f"the ledger refused this token ({failure.message}): nothing was connected; "
                                         "check the token (as typed, or in $JIFEN_LEDGER_TOKEN)",
                       f"总账{UNKNOWN_TOKEN_ZH}：未连接总账；请核对令牌（输入的，或 $JIFEN_LEDGER_TOKEN 中的）")
    return _refused(failure, pending=pending, shop=shop)


NO_TOKEN = ("no token: set the environment variable JIFEN_LEDGER_TOKEN (Windows: set JIFEN_LEDGER_TOKEN=token) "
            "and run it again",
            "没有令牌：请设置环境变量 JIFEN_LEDGER_TOKEN（Windows：set JIFEN_LEDGER_TOKEN=令牌）后再运行")
NOTHING_TYPED = ("no token given: type the terminal's token from the ledger, or set the environment variable "
                 "JIFEN_LEDGER_TOKEN", "未输入令牌：请输入总账给本终端的令牌，或设置环境变量 JIFEN_LEDGER_TOKEN")


def connect(args: Namespace, ctx: Context) -> Output:
    from sync.client import LedgerRefused, LinkDown
    from sync.connect import PLAIN_HTTP, connect_ledger, plain_over_network
    from terminal import ledger_link

    till = ctx.till()
    if auth.cashier(till, args).role != "owner":
        raise Refused("forbidden", "only an owner can connect the terminal to a ledger", "只有店主可以连接总账")
    token = auth.read_secret("JIFEN_LEDGER_TOKEN", say("The terminal's token from the ledger: ", "请输入总账给本终端的令牌："),
                             Refused("bad_input", *NO_TOKEN),
                             Refused("bad_input", *NOTHING_TYPED))
    try:
        connected = connect_ledger(till, args.url, token, args.ca, gifts_may_go=args.replace_gifts)
    except (LinkDown, LedgerRefused) as failure:
        with till.reading() as uow:
            pending = ledger_link.pending_count(uow.session)
        raise _not_connected(failure, pending, till.shop) from None
    me, url = connected.me, connected.syncer.client.url
    data = {"url": url, "merchant": me.merchant, "store": me.store, "terminal": me.terminal}
    text = say(f"Connected to the ledger at {url} as {me.merchant} / {me.store} / {me.terminal}",
               f"已连接总账 {url}（{me.merchant} / {me.store} / {me.terminal}）")
    if plain_over_network(url):
        data["warning"] = "plain_http"
        text += "\n! " + say(*PLAIN_HTTP)
    return Output(data, text)


def _local(instant: str | None, tz: ZoneInfo) -> str | None:
    return None if instant is None else datetime.fromisoformat(instant).astimezone(tz).strftime("%Y-%m-%d %H:%M")


def _status_output(syncer: Syncer, pushed: int | None = None) -> Output:
    """``pushed``: the entries this run sent, None for `sync --status`, which sends none (how many an earlier sync
    sent is not kept)."""
    from sync import clock_skew
    from terminal.services import reports

    status = syncer.status()
    if status.last_error and status.journal_broken_at is None:  # the chain is walked only after a failure
        status = replace(status, journal_broken_at=reports.journal_broken_at(syncer.till.reading()))
    link, state = _link_state(status)
    data = {"url": status.url, "online": status.online, "link": link, "refused": status.refused,
            "pushed": pushed or 0, "pending": status.pending,
            "last_success": status.last_success, "last_error": status.last_error,
            "clock_ahead_seconds": status.clock_ahead, "journal_broken_at": status.journal_broken_at,
            "token_refused": status.token_refused, "ledger_holds_known": status.token_refused is None,
            "rules_unreadable": status.rules_unreadable, "ledger_failed": status.ledger_failed}
    last = _local(status.last_success, syncer.till.shop.tz)
    text = say(f"Ledger {status.url}: {state}; {_pending_text(status)}; last success {last or 'never'}",
               f"总账 {status.url}：{state}；{_pending_text(status)}；上次成功 {last or '从未'}")
    if pushed is not None:
        text = say(f"Sent {many(pushed, 'entry', 'entries')}. ", f"已发送 {pushed:,} 条。") + text
    if status.last_error:
        text += "\n" + say(f"Last error: {status.last_error}", f"上次错误：{status.last_error}")
    if status.token_refused is not None:
        text += "\n! " + _token_refused_text(status.token_refused, syncer.till.shop)
    if status.rules_unreadable is not None:
        text += "\n! " + _rules_unreadable_text(status.rules_unreadable)
    if status.clock_ahead is not None:
        text += "\n! " + clock_skew.advice(status.clock_ahead)
    return Output(data, text)


def _pending_text(status: SyncStatus) -> str:
    """The entries not acknowledged yet; after the ledger refused the token, not a sign that it holds the rest (a
    ledger restored from a backup may hold fewer than it acknowledged, and cannot be asked)."""
    if status.token_refused is None:
        return say(f"{many(status.pending, 'entry', 'entries')} pending", f"待同步 {status.pending:,} 条")
    return say(f"{many(status.pending, 'entry', 'entries')} unsent here (what the ledger holds is unknown)",
               f"本机未发送 {status.pending:,} 条（总账所存情况不明）")


def _token_refused_text(token: str, shop: Shop) -> str:
    """Why what the ledger holds of this till's entries is unknown: it refused the till's token at the last sync."""
    if token == "revoked":
        way, way_zh = _revoked_way(shop)
        return say(f"The ledger has revoked terminal {shop.terminal_id}: what it holds of this till's entries is unknown, "
                   f"and what is recorded here is not sent. {way}",
                   f"总账已吊销终端 {shop.terminal_id}：总账存有本机哪些记录无从得知，本机记录的也不会发送。{way_zh}")
    from sync.client import NEW_TOKEN

    return say("The ledger refused this till's token at the last sync, so what it holds of this till's entries is unknown "
               f"(a ledger restored from a backup may hold fewer than it took) until the till is connected again: "
               f"{NEW_TOKEN[0]}",
               "上次同步时总账拒绝了本机的令牌，因此在重新连接之前，总账存有本机哪些记录无从得知（由备份恢复的总账可能少于"
               f"它已接收的）：{NEW_TOKEN[1]}（jifen ledger connect）")


def _rules_unreadable_text(why: str) -> str:
    """The ledger's rules that this till cannot read (``why``, the parser's words), and what to do."""
    return say(f"The ledger's rules need a newer jifen: upgrade this till; it keeps its current rules until then ({why})",
               f"总账的规则需要更新版本的 jifen：请升级本机；在此之前本机沿用现行规则（{why}）")


def _link_state(status: SyncStatus) -> tuple[str, str]:
    """The link as a word for scripts, and in the user's words: a ledger that answered the last sync with a
    refusal is not offline."""
    from sync.client import cannot_store_words

    if status.journal_broken_at is not None:
        return "journal_broken", say(f"stopped, the journal is broken at entry {status.journal_broken_at}",
                                     f"已停止，流水在第 {status.journal_broken_at} 条处被破坏")
    if status.online:
        return "online", say("online", "在线")
    if status.last_success is None and status.last_error is None:  # connected, no sync has ended yet
        return "not_synced", say("connected, not synced yet", "已连接，尚未同步")
    if status.cannot_store is not None:
        why, why_zh = cannot_store_words(status.cannot_store)
        return "cannot_store", say(f"reachable, but the ledger cannot store anything now: {why}",
                                   f"可以连接，但总账现在无法存储任何记录：{why_zh}")
    if status.ledger_failed is not None:
        return "ledger_failed", say(f"reachable, but the ledger failed (error {status.ledger_failed}): tell whoever "
                                    "runs the ledger", f"可以连接，但总账出错（错误 {status.ledger_failed}）：请告知总账管理员")
    if status.refused is not None:
        return "refused", say(f"reachable, but the ledger refused: {status.refused}",
                              f"可以连接，但总账拒绝：{status.refused}")
    if status.stopped:
        return "stopped", say("reachable, but syncing has stopped (the last error says why)",
                              "可以连接，但同步已停止（原因见上次错误）")
    return "offline", say("offline", "离线")


def _progress(done: int, total: int) -> None:
    if total > 500 and sys.stderr.isatty():
        width = 30
        filled = width * done // max(1, total)
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}", end="", file=sys.stderr, flush=True)


class _Sent:
    """The entries the ledger took in this sync so far, from the progress reported after each batch. A push counts
    from 0 again, and a sync pushes a second time after its pull journaled new rules or a new catalog: a count lower
    than the last starts it."""

    def __init__(self) -> None:
        self.total = 0
        self._push = 0

    def progress(self, done: int, total: int) -> None:
        self.total += done - self._push if done >= self._push else done
        self._push = done
        _progress(done, total)


def sync(args: Namespace, ctx: Context) -> Output:
    from sync.client import LedgerRefused, LinkDown
    from sync.relay import Conflict, syncer_for
    from sync.link_files import read_ca

    if args.status:
        ctx.read_only = True  # it only reads: it works on a read-only store too
    till = ctx.till()
    if args.ca is not None:
        read_ca(args.ca)
    syncer = syncer_for(till, args.ca)
    if args.status:
        return _status_output(syncer)
    sent = _Sent()
    try:
        pushed = syncer.sync_once(sent.progress)
    except (LinkDown, LedgerRefused, Conflict) as failure:
        raise _refused(failure, sent.total, syncer.status().pending, syncer.till.shop) from None
    finally:
        if sys.stderr.isatty():
            print(file=sys.stderr)
    return _with_shared_phones(syncer, _with_rules_adopted(syncer, _status_output(syncer, pushed)))


def _with_rules_adopted(syncer: Syncer, out: Output) -> Output:
    """The version of the ledger's rules this sync adopted (null when they did not change), and what they change:
    the owner learns that a promotion set at the ledger has arrived, or that the earn rate doubled."""
    from terminal.rules import RuleSet
    from terminal.rules_changes import rules_changes

    rules = syncer.rules_adopted
    if rules is None:
        return Output(out.data | {"rules_adopted": None}, out.text)
    changes = [say(en, zh) for en, zh in rules_changes(syncer.rules_replaced or RuleSet(), rules)]
    listed = "".join(f"\n  {line}" for line in changes)
    text = say(f"Adopted the ledger's new rules (version {rules.version})" + (f"; changes:{listed}" if changes else ""),
               f"已采用总账的新规则（版本 {rules.version}）" + (f"；改动：{listed}" if changes else ""))
    text += "\n" + say("jifen rules show shows them all", "完整规则见 jifen rules show")
    if syncer.rules_file_kept is not None:
        text += "\n" + say(f"This till's own rules file is kept as {syncer.rules_file_kept}",
                           f"本机原有的规则文件已保存为 {syncer.rules_file_kept}")
    return Output(out.data | {"rules_adopted": rules.version, "rules_changes": changes}, out.text + "\n" + text)


def _with_shared_phones(syncer: Syncer, out: Output) -> Output:
    """A line for each phone the ledger holds two members under, found by this sync or by the app's, told once."""
    from terminal import ledger_link

    with syncer.till.uow() as uow:
        shared = ledger_link.tell_shared_phones(uow.session)
        uow.commit()
    data = out.data | {"shared_phones": [{"phone": mask_phone(phone), "member_id": here, "other_member_id": other}
                                         for phone, here, other, _ in shared]}
    return Output(data, "\n! ".join([out.text, *(say(*ledger_link.shared_phone_words(*each)) for each in shared)]))


def ledger_end(till: Till, home: Home) -> ChainEnd | None:
    """``sync.relay.ledger_end``, for `jifen restore` over a damaged store: how far the ledger holds the journal."""
    from sync.relay import ledger_end as asked

    return asked(till, home)


def register(cli: CommandLine) -> None:
    cli.ask_ledger = ledger_end
    cli.group("ledger", "the central ledger")
    p = cli.command("ledger connect", "point this terminal at a ledger (asks for its token, or reads $JIFEN_LEDGER_TOKEN; owner)", connect)
    p.add_argument("url", metavar="URL")
    p.add_argument("--ca", metavar="FILE", help="trust this certificate authority (a ledger with a private TLS certificate); "
                   "kept with the store for every later sync")
    p.add_argument("--replace-gifts", action="store_true",
                   help="let the ledger's catalog replace gifts this shop added itself that the ledger lacks")
    p = cli.command("sync", "send pending entries to the ledger and take its changes", sync)
    p.add_argument("--status", action="store_true", help="only show the sync state")
    p.add_argument("--ca", metavar="FILE", help="trust this certificate authority instead of the one kept at connect")
