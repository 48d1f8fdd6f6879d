"""The outbox relay: sends the journal to the ledger in order, a batch at a time, and takes back
what the ledger knows. A sale never waits for it: sales only write the outbox."""

import logging
import random
import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from sync import clock_skew
from sync.client import AnswerLate, LedgerCannotStore, LedgerClient, LedgerRefused, LinkDown, Said
from sync.link_files import (
    CA_FILE,
    TOKEN_FILE,
    Answered,
    keep_answered,
    keep_rules_unreadable,
    kept_answered,
    kept_rules_unreadable,
    load_token,
    trust_for,
)
from sync.mall import pull_catalog
from sync.protocol import (
    MAX_BATCH,
    BatchAnswer,
    Changes,
    EntryResult,
    Lot,
    MemberSnapshot,
    WhoAmI,
    WireEntry,
    rules_from_dict,
    wire_entry,
)
from terminal import journal, ledger_link
from terminal.bootstrap import Till, write_ledger_rules
from terminal.clock_check import far_off
from terminal.errors import Refused
from terminal.home import Home
from terminal.journal import ChainEnd, Verdict, Who
from terminal.lang import say
from terminal.ledger_link import Snapshot
from terminal.models import JournalEntry, LedgerLink, Sale
from terminal.rules import RuleSet
from terminal.services import expiry
from terminal.shop import LedgerState, Shop

log = logging.getLogger("jifen.sync")
BACKOFF_START, BACKOFF_CAP = 1.0, 300.0
# The longest a ledger's Retry-After holds the loop back (an absurd one must not stop syncing for good), and the
# share of it added at random, so a shop's tills told alike at once do not all come back at once.
RETRY_AFTER_CAP, RETRY_AFTER_SPREAD = 600.0, 0.1
# Why a round of the app's sync loop failed on this till rather than at the ledger, and its words for the last error
STORE_BUSY, STORE_FULL, STORE_UNUSABLE, UNEXPECTED = "store_busy", "store_full", "store_unusable", "unexpected"
FAILING = {STORE_BUSY: ("this till's database is locked by another program", "本机数据库被其他程序锁定"),
           STORE_FULL: ("the disk holding this till's database is full", "本机数据库所在的磁盘已满"),
           STORE_UNUSABLE: ("this till's database cannot be read or written (a disk error or a damaged file)",
                            "无法读写本机数据库（磁盘错误或文件损坏）"),
           UNEXPECTED: ("an unexpected error", "出现意外错误")}
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SyncStatus:
    url: str
    online: bool
    pending: int
    last_success: str | None
    last_error: str | None
    clock_ahead: int | None = None  # seconds this till's clock was ahead of the ledger's at the last sync, when off
    journal_broken_at: int | None = None  # the first entry changed after it was written, as the last sync found
    # each phone the ledger holds two members under, not yet told
    shared_phones: tuple[ledger_link.SharedPhoneNote, ...] = ()
    # The last sync failed though the ledger answered: ``refused``, the ledger's reason when it refused;
    # else ``stopped``, this terminal stopped (a conflict, entries it cannot send, a token for another terminal)
    refused: str | None = None
    stopped: bool = False
    # The ledger answered the last sync that its database cannot store anything now: its code (sync.client.CANNOT_STORE)
    cannot_store: str | None = None
    # The ledger refused this terminal's token at the last sync (sync.link_files.TOKEN_REFUSALS): what it holds is
    # unknown till then
    token_refused: str | None = None
    # Why the ledger's rules cannot be read here (they need a newer jifen): the till keeps its own until then
    rules_unreadable: str | None = None
    # The app's last sync round failed on this till, not at the ledger (FAILING): its store, or a bug (in the log)
    failing: str | None = None
    # The ledger answered the last sync, but failed (a bug at the ledger): its HTTP status (500)
    ledger_failed: int | None = None


class Conflict(Said):
    """The ledger did not take an entry as this terminal sent it (ledger/conflicts.py): a person must look."""


_STOPPED = ("syncing has stopped: call the shop's owner (the ledger's owner sees it in jifen-ledger report conflicts)",
            "同步已停止：请联系店主（总账管理员可在 jifen-ledger report conflicts 中查看）")


def _conflict(result: EntryResult) -> Conflict:
    """The ledger's conflict in the terminal's words, by its reason (ledger/ingest.py): another entry held under
    the number (differs), or an entry that does not follow the last one held (fork)."""
    seq, reason = result.seq, result.reason or ""
    if reason.startswith("differs"):
        en = (f"the ledger holds another entry {seq} of this terminal than this store's (the store was restored from "
              "an older backup, or changed by hand)")
        zh = f"总账中本终端的第 {seq} 条记录与本店的不同（本店数据可能由较早的备份恢复，或被手工改动）"
    elif reason.startswith("does not continue"):
        en = (f"entry {seq} does not follow entry {seq - 1}, the last the ledger holds of this terminal (the store was "
              "restored from an older backup, or another terminal uses its token)")
        zh = (f"第 {seq} 条记录接不上总账中本终端的最后一条（第 {seq - 1} 条）（本店数据可能由较早的备份恢复，"
              "或另一台终端在使用本终端的令牌）")
    else:
        en, zh = f"the ledger did not take entry {seq} ({reason})", f"总账未接收第 {seq} 条记录（{reason}）"
    return Conflict(f"{en}; {_STOPPED[0]}", f"{zh}；{_STOPPED[1]}")


def tampered(failure: LedgerRefused) -> tuple[str, str]:
    """The ledger's 422 tampered (an entry whose hash does not match its content) in the terminal's words."""
    found = re.search(r"entry (\d+)", failure.message)
    entry, entry_zh = (f"entry {found[1]}", f"第 {found[1]} 条记录") if found else ("an entry", "一条记录")
    en = (f"the ledger refused the batch: {entry} of this terminal was changed after it was written (its hash does "
          "not match its content), so the ledger took nothing of it and syncing has stopped. Call the shop's owner: "
          "jifen journal verify shows the entry; the ledger's owner sees it in jifen-ledger report conflicts")
    zh = (f"总账拒收了这批记录：本终端的{entry_zh}在写入后被改动（内容与哈希不符），总账未接收其中任何一条，"
          "同步已停止。请联系店主：jifen journal verify 可查看该条记录；总账管理员可在 jifen-ledger report conflicts 中查看")
    return en, zh


def journal_broken(verdict: Verdict) -> Refused:
    seq = verdict.first_bad_seq
    return Refused("journal_broken",
                   f"this terminal's journal is broken at entry {seq} ({verdict.reason}): it was changed after it was "
                   "written, so nothing is sent to the ledger and syncing has stopped. Call the shop's owner: jifen "
                   "journal verify shows the entry; restoring a backup made before the change (jifen restore FILE "
                   "--cashier NAME) makes the journal whole again",
                   f"本终端的流水在第 {seq} 条处被破坏（{verdict.reason_zh}）：记录写入后被改动，因此不向总账发送任何"
                   "记录，同步已停止。请联系店主：jifen journal verify 可查看该条记录；恢复改动之前的备份（jifen restore "
                   "文件 --cashier 姓名）可使流水恢复完整")


def _granted_here(lot: Lot, shop: Shop) -> int | None:
    """The seq of this terminal's entry that granted the lot; 0: another terminal's; None: the ledger does not say."""
    if lot.granted_by is None:
        return None
    mine = (lot.granted_by.merchant, lot.granted_by.terminal) == (shop.merchant, shop.terminal_id)
    return lot.granted_by.seq if mine else 0


def _snapshot(member: MemberSnapshot, shop: Shop) -> Snapshot:
    earning = member.earning_sales
    return Snapshot(member.id, member.phone, member.name, member.debt, member.growth_fen,
                    [(lot.points, lot.expires_on, _granted_here(lot, shop)) for lot in member.lots],
                    member.referrer_id, member.has_sales,
                    member.growth_days, [(c.merchant, c.id, c.sale, c.used_on, c.value_fen, c.expires_on)
                                         for c in member.coupons_used or []],
                    None if earning is None else [(e.merchant, e.store, e.day, e.sales) for e in earning])


class Syncer:
    def __init__(self, till: Till, client: LedgerClient) -> None:
        self.till, self.client = till, client
        self._referrals: dict[str, str] = {}  # adopted members still waiting for their referrer's snapshot
        self._whole_on: date | None = None  # the business day the whole journal was last found whole…
        self._whole_to = 0  # …up to this entry
        self.broken_at: int | None = None  # the first entry the last check found changed after it was written
        self._ledger_store: str | None = None  # the ledger's name for this terminal's store, as it last said
        self.rules_adopted: RuleSet | None = None  # the ledger's rules the last sync adopted, if they were new
        self.rules_replaced: RuleSet | None = None  # the rules they replaced
        self.rules_file_kept: Path | None = None  # where the shop's own rules.toml went when they replaced it
        self.failed: Exception | None = None  # what made the last round of ``run`` fail on this till, if anything did
        self._told: SyncStatus | None = None  # the last status ``run`` told
        # entries a push asks for after answers came late (None: MAX_BATCH), as kept in the store's link
        self._batch: int | None = None
        self._kept: int | None = None  # …and the size the store holds (read at this syncer's first push)
        self._loaded = False
        self._too_large: int | None = None  # the fewest entries the ledger refused as too large (413) to this syncer

    def check_identity(self, at: int | None = None) -> WhoAmI:
        """A terminal refuses a ledger that answers for another merchant, or for another terminal. With ``at``:
        the ledger also says where its copy of this terminal's chain ends, and its hash at entry ``at``."""
        me, shop = self.client.whoami(held=True, at=at), self.till.shop
        if (me.merchant, me.terminal) != (shop.merchant, shop.terminal_id):
            add = " ".join(f'"{word}"' if " " in word else word for word in (
                "jifen-ledger", "terminal", "add", "--merchant", shop.merchant, "--store", shop.store, "--terminal",
                shop.terminal_id))
            raise Refused("forbidden", f"the ledger knows this token as {me.merchant}/{me.terminal}, not as this terminal, "
                                       f"{shop.merchant}/{shop.terminal_id} (the merchant and terminal its store was "
                                       f"created with, jifen init --merchant --terminal): ask the ledger's owner for the "
                                       f"token of terminal {shop.terminal_id} of merchant {shop.merchant} (made on the "
                                       f"ledger with: {add})",
                          f"总账认为此令牌属于 {me.merchant}/{me.terminal}，而非本终端 {shop.merchant}/{shop.terminal_id}"
                          f"（创建门店时的商户与终端，jifen init --merchant --terminal）：请向总账管理员申请商户 "
                          f"{shop.merchant} 终端 {shop.terminal_id} 的令牌（在总账上用此命令生成：{add}）")
        self._ledger_store = me.store
        return me

    def check_joinable(self) -> WhoAmI:
        """``check_identity``, and a store that holds none of the entries the ledger holds of its terminal is
        refused: it is another store made under the terminal's id (a till rebuilt without its backup), whose
        entries the ledger could only refuse, and to which members' balances would never come. A store restored
        from a backup of the terminal shares the start of the ledger's copy, and joins."""
        with self.till.reading() as uow:
            at = _first_known(uow.session)
            mine = journal.hash_of(uow.session, at)
        me = self.check_identity(at=at)
        refuse_another_store(me, at, mine, self.till.shop.terminal_id)
        return me

    def catch_up(self, me: WhoAmI, acked_before: int) -> None:
        """A ledger restored from a backup holds fewer of our entries than it acknowledged: send the rest again
        (unless another sync of this store moved the acknowledgement since ``me`` was asked)."""
        if me.held_seq is None:
            return
        with self.till.uow() as uow:
            again = ledger_link.rewind(uow.session, me.held_seq, acked_before)
            uow.commit()
        if again:
            log.warning("the ledger holds this terminal's entries up to %d only (restored from a backup?): "
                        "sending %d again", me.held_seq, again)

    def carry_on(self, me: WhoAmI, mine: int) -> None:
        """A store restored from an older backup, or moved to a new computer, ends before what the ledger holds of
        its journal: when the ledger's entry under this store's last number (``mine``) is this store's, the journal
        carries on after the ledger's last. When they part, nothing is sent: sending could only be refused."""
        end = chain_end(me, mine)
        if end is None:
            return
        with self.till.uow() as uow:
            gap = journal.resume_after(uow.session, end, self.till.shop.now(), "sync")
            parted = gap is None and journal.parted(uow.session, end)
            uow.commit()
        if gap is not None:
            log.warning("this store ended at entry %d; the ledger holds this terminal's entries up to %d: "
                        "carrying on after them", gap.from_seq - 1, gap.to_seq)
        if parted:
            raise self._parted(end, mine, me.store)

    def _parted(self, end: ChainEnd, mine: int, ledger_store: str) -> Refused:
        """Which entries here the ledger holds others under, and what the owner can do. A store parted from the
        first entry on was never the terminal's (made anew under its id): restoring it again cannot help."""
        first, last = self._first_parted(end, mine), min(end.seq, mine)
        named, named_zh = self._sales_in(first, mine)
        if first == 1:
            return self._another_store(end, mine, ledger_store, named, named_zh)
        return Refused(
            "ledger_refused",
            f"the ledger already holds other entries of this terminal under numbers {first}–{last} (it holds them up to "
            f"{end.seq}): entries {first}–{mine} here" + (f" (sales {named})" if named else "") + " were recorded after "
            "this store was restored from an older backup, before it synced, so they cannot be sent and syncing has "
            "stopped. To go on: restore that backup again (jifen restore FILE --cashier NAME; the store as it is now is "
            f"kept in backups/), sync (it carries on after entry {end.seq}), then record those sales again",
            f"总账已有本终端编号 {first}–{last} 的其他记录（已到第 {end.seq} 条）：本店第 {first}–{mine} 条记录"
            + (f"（销售单 {named_zh}）" if named_zh else "") + "是在恢复较早的备份之后、同步之前记录的，无法发送，同步已停止。"
            "处理办法：再次恢复该备份（jifen restore 文件 --cashier 姓名；当前数据会保存在 backups/），同步（将从第 "
            f"{end.seq} 条之后继续），然后重新录入这些销售")

    def _sales_in(self, first: int, last: int) -> tuple[str, str]:
        """The sales among entries ``first``–``last`` here, named (a few) in English and Chinese; empty for none."""
        with self.till.reading() as uow:
            sales = list(uow.session.scalars(select(Sale.id).where(Sale.seq.between(first, last)).order_by(Sale.seq)))
        named = ", ".join(sales[:5]) + (f" and {len(sales) - 5} more" if len(sales) > 5 else "")
        named_zh = "、".join(sales[:5]) + (f" 等 {len(sales)} 笔" if len(sales) > 5 else "")
        return named, named_zh

    def _another_store(self, end: ChainEnd, mine: int, ledger_store: str, named: str, named_zh: str) -> Refused:
        terminal = self.till.shop.terminal_id
        (backup, backup_zh), (other, other_zh) = backup_way(terminal), new_terminal_way(
            self.till.shop.merchant, ledger_store, terminal)
        return Refused(
            "ledger_refused",
            f"the ledger holds {end.seq:,} {'entry' if end.seq == 1 else 'entries'} of terminal {terminal} that this "
            f"store does not have: it was made anew under terminal {terminal}, not restored from a backup of it (its "
            f"first entry is another), so its entries 1–{mine}" + (f" (sales {named})" if named else "") + " cannot be "
            f"sent, no member's balance comes here, and syncing has stopped. To go on, either {backup}; or, {other}; "
            "then record those sales again there",
            f"总账中有终端 {terminal} 的 {end.seq:,} 条记录，而本店没有：本店是以终端编号 {terminal} 新建的，不是由其备份"
            f"恢复的（第一条记录不同），因此本店第 1–{mine} 条记录" + (f"（销售单 {named_zh}）" if named_zh else "")
            + f"无法发送，会员余额也不会同步过来，同步已停止。处理办法：{backup_zh}；或者，{other_zh}；然后在那里重新录入这些销售")

    def _first_parted(self, end: ChainEnd, mine: int) -> int:
        """The first entry the ledger holds otherwise than this store, found by halves (a few requests) after the
        last one it acknowledged."""
        with self.till.reading() as uow:
            acked = ledger_link.the_link(uow.session).acked_seq
        differs = min(end.seq, mine)
        same = min(acked, differs - 1)
        while differs - same > 1:
            middle = (same + differs) // 2
            theirs = self.client.whoami(at=middle).hash_at
            with self.till.reading() as uow:
                ours = journal.hash_of(uow.session, middle)
            same, differs = (middle, differs) if theirs is not None and theirs == ours else (same, middle)
        return differs

    def check_journal(self) -> None:
        """Nothing is sent from a journal changed after it was written. The whole chain at this syncer's first
        sync (the app starting, each `jifen sync`) and at the first of each business day: some 2 s for 100,000
        entries. Between, the entries past the last acknowledged one or past that whole check, whichever is
        earlier: what is about to be sent and what was sent since."""
        today = self.till.shop.today()
        whole = self._whole_on != today
        with self.till.reading() as uow:
            head = journal.head_seq(uow.session)
            after = 0 if whole else min(self._whole_to, ledger_link.the_link(uow.session).acked_seq)
            verdict = journal.verify(uow.session, after)
        self.broken_at = verdict.first_bad_seq
        if not verdict.ok:
            self._whole_on = None
            raise journal_broken(verdict)
        if whole:
            self._whole_on, self._whole_to = today, head

    def check_clock(self) -> None:
        """Nothing is sent or taken on a clock more than a day off the ledger's: what it dated, and the expiry of
        the points it granted, would be wrong at the ledger for good (and the writes stop too, terminal.clock_check).
        Once it is right again, every member is taken again: what the till did on the wrong clock (expired points
        that were live, dropped lots the ledger still holds) is undone by the ledger's view."""
        before, ahead = clock_skew.measure(self.till.home.root, self.till.shop.clock, self.client)
        if ahead is not None and far_off(ahead):
            raise clock_skew.too_far(ahead)
        if before is not None and far_off(before):
            with self.till.uow() as uow:
                ledger_link.the_link(uow.session).cursor = 0
                uow.commit()
            log.warning("this till's clock was %d s off the ledger's at the last sync and is right now: taking "
                        "every member again", before)

    def expire_due(self) -> None:
        """The points this store granted that ran out are recorded, and sent, before the pull (the lots copied
        from the ledger's view of members are the ledger's to expire: terminal.services.expiry). Not after it: the
        ledger's view holds live lots only, so a pull drops a lot past its date whether another store spent it or
        the ledger's own run (hourly) expired it, and the expiry of the points granted here would go unrecorded.
        Only after carry_on: written before this store is known to follow the ledger's copy of its journal, an
        entry could part the two. Some members at a time, each part its own transaction: on 1 January a year of
        lots falls due, and a sale waits for one part at most, not for all of them."""
        more = True
        while more:
            more = expiry.expire_points(self.till.uow(), self.till.shop, Who(None), expiry.EXPIRY_MEMBERS).more

    def _adopt_all(self, session: Session, members: list[MemberSnapshot]) -> set[str]:
        shop = self.till.shop
        return ledger_link.adopt_all(session, shop, [_snapshot(m, shop) for m in members], self._referrals)

    def _take(self, answer: BatchAnswer) -> None:
        with self.till.uow() as uow:
            ledger_link.acknowledge(uow.session, answer.acknowledged_seq)
            self._adopt_all(uow.session, answer.members)
            uow.commit()

    def push(self, progress: Progress | None = None) -> int:
        """Send everything not yet acknowledged; returns how many entries the ledger took."""
        sent, stuck = 0, 0
        while True:
            with self.till.reading() as uow:
                link = ledger_link.the_link(uow.session)
                acked = link.acked_seq
                if not self._loaded:  # as the last run left it
                    self._batch, self._kept, self._loaded = self._batch or link.batch_size, link.batch_size, True
                lost = journal.gap_holding(uow.session, acked + 1) is not None
                size = self.batch_size
                rows = ledger_link.unsent(uow.session, acked, size + 1)  # one more: is there more to come?
                total = ledger_link.pending_count(uow.session)
                batch = [_sendable(row) for row in rows[:size]]
            if lost:
                raise self._lost(acked)
            if not batch:
                return sent
            answer = self._post(batch, last=len(rows) <= size)
            conflict = next((r for r in answer.results if r.status == "conflict"), None)
            if conflict is not None:
                raise _conflict(conflict)
            self._take(answer)
            moved = answer.acknowledged_seq - acked
            sent += max(0, moved)
            stuck = stuck + 1 if moved <= 0 else 0
            if stuck >= 2:
                raise LinkDown(f"the ledger keeps acknowledging entry {answer.acknowledged_seq}; will try later",
                               f"总账一直只确认到第 {answer.acknowledged_seq} 条记录；稍后再试")
            if progress:
                progress(sent, sent + total - max(0, moved))

    @property
    def batch_size(self) -> int:
        """How many entries the next push sends at most: MAX_BATCH, fewer while answers come late."""
        return min(self._batch or MAX_BATCH, MAX_BATCH)

    def _post(self, batch: list[WireEntry], last: bool) -> BatchAnswer:
        """``batch`` sent, saying whether it holds all this terminal has unsent (``last``: the ledger then knows it
        has connected, whatever the batch's size); one whose answer came too late halves the next (from the entries
        sent, down to 1), as a line too slow for MAX_BATCH entries within the deadline would send the same first
        batch at every try; a full batch answered in time doubles it back (a short tail says nothing of the line). A
        batch too large for the ledger (413, answered at once) is sent again at once, halved, down to a single entry,
        whose refusal stands: else the same first batch would be refused at every sync; this syncer never grows back
        to a size refused so. The size that went through is kept in the store: `jifen sync` run from cron on a slow
        line starts each run where the last left off."""
        full, halved = len(batch) == self.batch_size, False
        while True:
            try:
                answer = self.client.post_batch(batch, last)
            except AnswerLate:
                self._keep_batch_if_possible(max(1, len(batch) // 2))
                raise
            except LedgerRefused as refused:
                if refused.code != "too_large" or len(batch) == 1:
                    raise
                self._too_large = min(self._too_large or len(batch), len(batch))
                batch, last, halved = batch[:len(batch) // 2], False, True
                log.warning("the ledger refused a batch as too large: sending %d entries instead", len(batch))
                continue
            if full or halved:
                self._keep_batch(len(batch))
                if full:
                    self._batch = self._grown(len(batch))
            return answer

    def _grown(self, went: int) -> int | None:
        """The size after ``went`` entries, a full batch, were answered in time: twice as many (None: MAX_BATCH), but
        fewer than the ledger refused as too large."""
        grown = min(went * 2, MAX_BATCH, (self._too_large or MAX_BATCH + 1) - 1)
        return None if grown >= MAX_BATCH else max(went, grown)

    def _keep_batch(self, size: int) -> None:
        """The batch size of the next push, ``size`` (MAX_BATCH or more kept as None), written to the store when it
        changes."""
        self._batch = None if size >= MAX_BATCH else size
        if self._batch == self._kept:
            return
        with self.till.uow() as uow:
            ledger_link.the_link(uow.session).batch_size = self._batch
            uow.commit()
        self._kept = self._batch

    def _keep_batch_if_possible(self, size: int) -> None:
        """``_keep_batch`` after a late answer: a store that cannot be written (locked, read-only) is logged, and the
        late answer stays what the owner is told; this syncer still halves."""
        try:
            self._keep_batch(size)
        except Exception:
            log.exception("cannot keep the batch size %d in this till's store", size)

    def _lost(self, held: int) -> Refused:
        """The ledger holds this terminal's entries up to ``held`` only, and the next ones are in a gap here: this
        store was restored from a backup that ended before them, trusting the ledger with them, and the ledger was
        then restored from a backup made before it took them. They are held nowhere, and nothing after them can
        be sent (the ledger takes a terminal's entries in order): said, never dropped."""
        with self.till.reading() as uow:
            session = uow.session
            lost = [(max(gap.from_seq, held + 1), gap.to_seq) for gap in journal.gaps(session) if gap.to_seq > held]
            after = list(session.scalars(select(JournalEntry.seq).where(JournalEntry.seq > held)
                                         .order_by(JournalEntry.seq)))
        shop, spans = self.till.shop, ", ".join(_span(first, last) for first, last in lost)
        numbered, numbered_zh = (joiner.join(_receipt_numbers(shop.terminal_id, first, last, to) for first, last in lost)
                                 for joiner, to in ((" and ", " to "), ("、", " 至 ")))
        other, other_zh = new_terminal_way(shop.merchant, self._ledger_store or shop.store, shop.terminal_id)
        stuck, stuck_zh = "Nothing recorded here since waits for them", "本店此后没有新的记录"
        if after:
            named, named_zh = self._sales_in(after[0], after[-1])
            stuck = (f"{_entries([(after[0], after[-1])]).capitalize()} here" + (f" (sales {named})" if named else "")
                     + f" cannot be sent after them and {'stays' if after[0] == after[-1] else 'stay'} pending")
            stuck_zh = f"本店第 {_span(after[0], after[-1])} 条记录" + (f"（销售单 {named_zh}）" if named_zh else "") \
                + "排在其后，无法发送，保持待同步"
        return Refused(
            "ledger_refused",
            f"the ledger holds this terminal's entries up to {held} only, and nothing holds {_entries(lost)} any more: "
            "this store was restored from a backup that ended before them, when the ledger held them, and the ledger "
            "has since been restored from a backup made before it took them (a sale among them is numbered "
            f"{numbered} on its receipt). {stuck}, and syncing has stopped. To go on: if the ledger's owner has a "
            f"later backup of the ledger holding {_entries(lost)}, restoring it lets this till sync again; else, "
            f"{other}, and record those sales again there, with the sales among {_entries(lost)} from their receipts",
            f"总账中本终端的记录只到第 {held} 条，而第 {spans} 条记录已无处可寻：本店曾由较早的备份恢复（当时这些记录在"
            f"总账中），而总账之后又由它接收这些记录之前的备份恢复（其中的销售单在小票上编号为 {numbered_zh}）。"
            f"{stuck_zh}，同步已停止。处理办法：如总账管理员有包含第 {spans} 条记录的较新的总账备份，恢复后本机即可继续"
            f"同步；否则，{other_zh}，并在那里重新录入这些销售，以及按小票重新录入第 {spans} 条记录中的销售")

    def pull(self) -> int:
        """Take the members changed since the cursor, and the merchant's rule set.

        The cursor never passes a change this terminal did not adopt: a member with entries still
        pending here is skipped, and asked for again on the next pull, when the ledger holds them."""
        changed, rewound = 0, False
        while True:
            with self.till.reading() as uow:
                cursor = ledger_link.the_link(uow.session).cursor
            changes = self.client.changes(cursor)
            rules = self._new_rules(changes)
            with self.till.uow() as uow:
                session = uow.session
                skipped = self._adopt_all(session, changes.members)
                ledger_link.adopt_trust(session, self.till.shop, changes.deny_list, changes.public_keys)
                held_back = [m.change - 1 for m in changes.members if m.id in skipped]
                moved_to = min([changes.cursor, *held_back])
                # Below the cursor asked only when the ledger numbers changes below it (another ledger, a restored one).
                ledger_link.the_link(session).cursor = moved_to if moved_to < cursor and not rewound else max(cursor, moved_to)
                if rules is not None:
                    ledger_link.adopt_rules(session, self.till.shop, rules)
                uow.commit()
            if rules is not None:  # the store holds them: now the file and this process follow
                self.rules_replaced = self.till.shop.rules
                self.rules_file_kept = write_ledger_rules(self.till.home, rules)
                self.till.shop = replace(self.till.shop, rules=rules)
                self.rules_adopted = rules
            changed += len(changes.members) - len(skipped)
            if not changes.more or not changes.members or moved_to == cursor or (moved_to < cursor and rewound):
                return changed
            rewound = rewound or moved_to < cursor

    def _new_rules(self, changes: Changes) -> RuleSet | None:
        """The ledger's rules when they are new here. Rules this till cannot read (a newer jifen's rule features)
        leave its own in force, and are kept to be said (``rules_unreadable``): the members' changes and the cursor
        are taken all the same, so balances do not go stale behind them."""
        if changes.rules is None or changes.rules_version == self.till.shop.rules.version:
            keep_rules_unreadable(self.till.home.root, None)
            return None
        try:
            rules = rules_from_dict(changes.rules)
        except (Refused, TypeError, ValueError, AttributeError, KeyError) as unreadable:
            log.warning("cannot read the ledger's rules (version %s), keeping this till's: %s",
                        changes.rules_version, unreadable)
            keep_rules_unreadable(self.till.home.root, unreadable)
            return None
        keep_rules_unreadable(self.till.home.root, None)
        return rules

    def sync_once(self, progress: Progress | None = None) -> int:
        """Measure the clock, push, then pull, and push again what the pull journaled (new rules, a new catalog): a
        sync that goes through leaves none of its own entries pending. Failures are recorded for `sync --status` and
        raised."""
        now, self.rules_adopted, self.rules_file_kept, self.failed = self.till.shop.now, None, None, None
        try:
            with self.till.uow() as uow:
                ledger_link.record_attempt(uow.session, now())
                uow.commit()
            self.check_journal()
            with self.till.reading() as uow:
                link = ledger_link.the_link(uow.session)
                acked_before, mine = link.acked_seq, journal.head_seq(uow.session)
                self.client.answered_before |= link.last_success is not None  # a web page now is the network's
            self.client.ledger_time = None  # the clock is measured on the answer to this first request
            me = self.check_identity(at=mine)
            self.check_clock()
            self.catch_up(me, acked_before)
            self.carry_on(me, mine)
            self.expire_due()
            pushed = self.push(progress)
            self.pull()
            new_catalog = pull_catalog(self.till, self.client)  # the points mall's catalog and stock (sync/mall.py)
            if self.rules_adopted is not None or new_catalog:  # what the pull journaled goes now, not at the next sync
                pushed += self.push(progress)
            with self.till.uow() as uow:
                ledger_link.record_success(uow.session, now())
                uow.commit()
            keep_answered(self.till.home.root, None, None)
        except (LinkDown, LedgerRefused, Conflict, Refused) as failure:
            with self.till.uow() as uow:
                ledger_link.record_failure(uow.session, described(failure), now())
                uow.commit()
            keep_answered(self.till.home.root, failure, ledger_link.stored_error(described(failure)))
            self._set_online(False)
            raise
        finally:
            clock_skew.note(self.till.home.root, self.till.shop.clock, self.client)
        self._set_online(True)
        return pushed

    def _set_online(self, online: bool) -> None:
        """Caps on offline spending follow what the last attempt found."""
        self.till.shop = replace(self.till.shop, ledger=LedgerState(self.client.url, online))

    def status(self) -> SyncStatus:
        with self.till.reading() as uow:
            link = ledger_link.the_link(uow.session)
            state = ledger_link.link_state(uow.session, self.till.shop.clock)
            kept = kept_answered(self.till.home.root, link.last_error)
            answered = kept or Answered()
            online, failed = bool(state and state.online) and self.failed is None, self.failed
            return SyncStatus(link.url, online, ledger_link.pending_count(uow.session), link.last_success,
                              failing_words(failed) if failed else ledger_link.error_said(link.last_error), clock_skew.kept(self.till.home.root, self.till.shop.clock), self.broken_at,
                              tuple(ledger_link.untold_shared_phones(uow.session)),
                              refused=answered.refused, cannot_store=answered.cannot_store,
                              stopped=kept is not None and not (
                                  answered.refused or answered.cannot_store or answered.failed),
                              token_refused=answered.token, rules_unreadable=kept_rules_unreadable(self.till.home.root),
                              failing=failing_kind(failed) if failed else None, ledger_failed=answered.failed)

    def run(self, stop: threading.Event, on_status: Callable[[SyncStatus], None] | None = None,
            interval: float = 15.0, rng: random.Random | None = None,
            wait: Callable[[float], object] | None = None) -> None:
        """Sync until ``stop`` is set: every ``interval`` seconds when all is well; after a failure,
        capped exponential backoff with full jitter, so a shop's terminals don't all retry at once, and never
        sooner than a ledger that cannot store asked (``retry_wait``). ``wait``: how the pauses are waited
        (``stop.wait``). No round's failure ends the loop: it is logged, said in the status, and tried again."""
        rng, failures, pause = rng or random.Random(), 0, wait or stop.wait
        while not stop.is_set():
            failure = self._round()
            failures = 0 if failure is None else failures + 1
            seconds = interval if failure is None else retry_wait(failure, failures, rng)
            _log_round(failure, seconds)
            if on_status:
                self._tell(on_status)
            pause(seconds)

    def _round(self) -> Exception | None:
        """One sync of the loop; what made it fail, None when it went through."""
        try:
            self.sync_once()
        except (LinkDown, LedgerRefused, Conflict, Refused) as failure:
            return failure
        except Exception as failure:  # a bug, or this till's own store failing: said, then tried again
            self.failed = failure
            self._set_online(False)  # offline spending caps apply meanwhile
            if failing_kind(failure) == UNEXPECTED:  # a store that fails could not keep it either
                self._record_unexpected(failure)
            return failure
        return None

    def _record_unexpected(self, failure: Exception) -> None:
        """The last error, as `sync --status` says it."""
        try:
            with self.till.uow() as uow:
                ledger_link.record_failure(uow.session, failing_both(failure), self.till.shop.now())
                uow.commit()
        except Exception:
            log.exception("cannot record that sync failed unexpectedly")

    def _tell(self, on_status: Callable[[SyncStatus], None]) -> None:
        """The status after a round; when the store cannot be read for it, the last one told, saying so."""
        try:
            status = self.status()
        except Exception as problem:
            log.exception("cannot read the sync status from this till's store")
            self.failed = problem
            status = replace(self._told or SyncStatus(self.client.url, False, 0, None, None), online=False,
                             last_error=failing_words(problem), failing=failing_kind(problem))
        self._told = status
        on_status(status)


def failing_kind(problem: BaseException) -> str:
    """Why a sync round failed on this till, not at the ledger: its store busy, its store unusable, or a bug."""
    cause = problem.orig if isinstance(problem, DBAPIError) else problem
    if not isinstance(cause, sqlite3.Error):
        return UNEXPECTED
    code = getattr(cause, "sqlite_errorcode", None)
    busy = ((code & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) if isinstance(code, int)
            else "locked" in str(cause) or "busy" in str(cause))
    full = (code & 0xFF) == sqlite3.SQLITE_FULL if isinstance(code, int) else "full" in str(cause)
    return STORE_BUSY if busy else STORE_FULL if full else STORE_UNUSABLE


def failing_words(problem: BaseException) -> str:
    """The last error for a round that failed on this till: its kind in plain words, then SQLite's or Python's."""
    return say(*failing_both(problem))


def failing_both(problem: BaseException) -> tuple[str, str]:
    """``failing_words`` in English and Chinese."""
    en, zh = FAILING[failing_kind(problem)]
    cause = problem.orig if isinstance(problem, DBAPIError) else problem
    detail = f"{type(cause).__name__}: {cause}"
    return f"sync failed: {en} ({detail}); details are in the log", f"同步失败：{zh}（{detail}），详情见日志"


def _log_round(failure: Exception | None, seconds: float) -> None:
    if isinstance(failure, (LinkDown, LedgerRefused, Conflict, Refused)):
        log.warning("sync failed (%s); next try in %.1f s", describe(failure), seconds)
    elif failure is not None:
        log.error("sync failed unexpectedly; next try in %.1f s", seconds, exc_info=failure)


def retry_wait(failure: BaseException | None, failures: int, rng: random.Random) -> float:
    """The pause after ``failures`` failures in a row, the last ``failure``: the jittered backoff, or what a ledger
    that cannot store asked in its Retry-After (up to RETRY_AFTER_CAP, spread a little), whichever is longer."""
    backoff = rng.uniform(0, min(BACKOFF_CAP, BACKOFF_START * 2 ** min(failures, 64)))  # 2.0 ** 1024 overflows
    asked = failure.retry_after if isinstance(failure, LedgerCannotStore) else None
    if asked is None:
        return backoff
    held = min(asked, RETRY_AFTER_CAP)
    return max(backoff, min(RETRY_AFTER_CAP, held + rng.uniform(0, held * RETRY_AFTER_SPREAD)))


def _receipt_numbers(terminal: str, first: int, last: int, to: str) -> str:
    """``T1-7``, or ``T1-7 to T1-8`` (``to`` in the reader's language)."""
    return f"{terminal}-{first}" if first == last else f"{terminal}-{first}{to}{terminal}-{last}"


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _entries(spans: list[tuple[int, int]]) -> str:
    """``entry 7``, ``entries 7–8``, ``entries 7–8, 12``."""
    one = len(spans) == 1 and spans[0][0] == spans[0][1]
    return ("entry " if one else "entries ") + ", ".join(_span(first, last) for first, last in spans)


def _first_known(session: Session) -> int:
    """The first entry whose hash this store knows: 1, or the last of the ledger's it carried on after from the
    start; 0 for a store without entries."""
    gap = journal.gap_holding(session, 1)
    if gap is not None:
        return gap.to_seq
    return 1 if journal.hash_of(session, 1) is not None else 0


def refuse_another_store(me: WhoAmI, at: int, mine: str | None, terminal: str) -> None:
    """Refused (already_exists) when the ledger, asked ``at`` (``me``), holds entry ``at`` of ``terminal`` and it is
    not this store's (whose hash there is ``mine``; None for a store yet to be made, whose first entry will be its
    own): `jifen ledger connect`, Settings › Ledger and the first-run wizard refuse such a store alike. A store
    without entries (``at`` 0) joins."""
    held = me.held_seq or 0
    if at == 0 or held < at or me.hash_at is None or me.hash_at == mine:
        return
    (backup, backup_zh), (other, other_zh) = backup_way(terminal), new_terminal_way(me.merchant, me.store, terminal)
    raise Refused("already_exists",
                  f"the ledger already holds {held:,} {'entry' if held == 1 else 'entries'} of terminal {terminal} "
                  f"that this store does not have (it was not restored from a backup of terminal {terminal}: its "
                  "first entry is another), so connected it could send nothing and no member's balance would come "
                  f"here. Either {backup}; or, {other}. Nothing was changed",
                  f"总账中已有终端 {terminal} 的 {held:,} 条记录，而本店没有（本店不是由终端 {terminal} 的备份恢复的："
                  f"第一条记录不同），连接后本店的记录无法发送，会员余额也不会同步过来。可以{backup_zh}；或者，{other_zh}。"
                  "未做任何更改")


def backup_way(terminal: str) -> tuple[str, str]:
    """The way on for a till with a backup of its terminal's store (the README's: keys/ and ledger.token kept)."""
    return (f"restore this till from a backup of terminal {terminal}: in a new store folder holding the saved keys/ and "
            "ledger.token of that terminal, jifen restore FILE --cashier NAME (see the README)",
            f"用终端 {terminal} 的备份恢复本机：在放有该终端原 keys/ 与 ledger.token 的新门店文件夹中运行 jifen restore "
            "文件 --cashier 姓名（见 README）")


def new_terminal_way(merchant: str, store: str, terminal: str) -> tuple[str, str]:
    """The way on for a till whose store can never again follow the ledger's copy of its terminal's journal."""
    return (f"with no backup, ask the ledger's owner to register this till under a new terminal id (jifen-ledger "
            f"terminal add --merchant {merchant} --store {store} --terminal NEW) and create its store with that id in "
            f"a new folder (jifen init --merchant {merchant} --terminal NEW …), not as {terminal}",
            f"如无备份，请总账管理员以新的终端编号登记本机（jifen-ledger terminal add --merchant {merchant} --store "
            f"{store} --terminal 新编号），并以该编号在新的文件夹中创建门店（jifen init --merchant {merchant} "
            f"--terminal 新编号 …），不要再用 {terminal}")


def chain_end(me: WhoAmI, at: int) -> ChainEnd | None:
    """Where the ledger's copy of this terminal's journal ends, as it said when asked ``at``; None from a ledger
    that does not say."""
    if me.held_seq is None:
        return None
    return ChainEnd(me.held_seq, me.held_hash, me.held_liability or 0, at, me.hash_at, me.held_z, me.held_z_seq,
                    me.held_date)


def _sendable(row: JournalEntry) -> WireEntry:
    """The entry as the ledger takes it; one the wire format cannot carry (points over what one entry may move,
    written by an older jifen) stops the sync with one clear line, not an unexpected failure."""
    try:
        return wire_entry(_columns(row))
    except ValidationError as bad:
        fields = ", ".join(str(error["loc"][0]) for error in bad.errors() if error["loc"])
        raise Refused("bad_input", f"entry {row.seq} of this till ({row.kind}) cannot be sent to the ledger: its "
                      f"{fields} is out of what one entry may carry; nothing after it can be sent either: call your "
                      "vendor's support (jifen support-report)",
                      f"本机第 {row.seq} 条记录（{row.kind}）无法发送到总账：其 {fields} 超出单条记录的允许范围；"
                      "其后的记录也无法发送：请联系供应商技术支持（jifen support-report）") from None


def _columns(row: JournalEntry) -> dict[str, object]:
    return {column.name: getattr(row, column.name) for column in JournalEntry.__table__.columns}


def describe(failure: BaseException) -> str:
    return say(*described(failure))


def described(failure: BaseException) -> tuple[str, str]:
    """A failed sync in English and Chinese."""
    if isinstance(failure, LedgerRefused) and failure.status == 0:  # the terminal's own words (tls, not_a_ledger)
        return failure.message, failure.zh
    if isinstance(failure, LedgerRefused) and failure.code == "tampered":
        return tampered(failure)
    if isinstance(failure, LedgerRefused):  # the ledger's English, and the till's Chinese for its code
        return failure.words
    if isinstance(failure, (Refused, Conflict, LinkDown)):
        return failure.en, failure.zh
    return str(failure), str(failure)


def ledger_end(till: Till, home: Home) -> ChainEnd | None:
    """What the ledger the store in ``till`` is connected to holds of its journal, asked with the token and the
    certificate authority kept in ``home`` (``till`` may be a backup opened elsewhere, to restore there); None for
    a store connected to none. Refused when the ledger cannot be asked."""
    with till.reading() as uow:
        link = uow.session.get(LedgerLink, 1)
        url, mine = (link.url if link else None), journal.head_seq(uow.session)
    if url is None:
        return None
    token, ca = home.root / TOKEN_FILE, home.root / CA_FILE
    if not token.exists():
        raise Refused("not_found", f"there is no ledger token {token}: copy ledger.token from the old store folder",
                      f"没有总账令牌 {token}：请从原门店文件夹复制 ledger.token")
    client = LedgerClient(url, token.read_text(encoding="ascii").strip(), verify=str(ca) if ca.exists() else True)
    try:
        return chain_end(Syncer(till, client).check_identity(at=mine), mine)
    except LinkDown as down:
        raise Refused("offline", down.en, down.zh) from None
    except LedgerRefused as refused:
        raise Refused("ledger_refused", *described(refused)) from None


def syncer_for(till: Till, ca: str | None = None) -> Syncer:
    """A syncer for the ledger the store is connected to; ``ca``: check its certificate against this file
    instead of what was kept at connect."""
    with till.reading() as uow:
        url = ledger_link.the_link(uow.session).url
    return Syncer(till, LedgerClient(url, load_token(till), verify=ca or trust_for(till)))
