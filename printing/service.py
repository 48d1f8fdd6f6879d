"""Printing for a till: documents from the store, fitted to the printer's profile, sent through the
queue. The one object the app and the command line use (built once, with the till and settings).

A sale is committed before its receipt is queued, and the job is committed before anything is
sent: whatever the printer does, the sale stays as it is and the job stays queued until it prints.
Once a print goes through, the jobs still waiting are printed after it (``retry``). Several programs may
print from one store at once: each job is claimed in the store first, and printed by the one that claimed it.
"""

import itertools
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from printing import print_queue, sources
from printing.cards import member_card, printer_test_page
from printing.connections import Connection, connection_for
from printing.delivery import check_state, deliver
from printing.document import Document
from printing.layout import Page, lay_out
from printing.mall_receipts import MALL_RECEIPTS
from printing.print_queue import DONE, NOT_KEPT, QUEUED, SENDING, SENT, WAITING, ClaimLost, Job
from printing.printer_url import PrinterUrl, parse_printer_url
from printing.problems import PrintProblem
from printing.profiles import PrinterProfile, find_profile
from printing.receipts import Style, refund_receipt, sale_receipt
from printing.render_escpos import drawer_kick_only, to_escpos
from printing.settings import PrinterSettings
from printing.status import PrinterState
from printing.totals import day_totals, z_report
from printing.unconfirmed import UnconfirmedReceipt, unconfirmed_receipt
from printing.words import Lang
from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.keys import KeyFiles, load_code_signer, load_private_key
from terminal.services import reports
from terminal.services.codes import issue_member_code

log = logging.getLogger("jifen.printing")
MemberCode = Callable[[str], str]  # member id → the text of the member's code
Connect = Callable[[PrinterUrl, float], Connection]
DRAWER_WINDOW = timedelta(minutes=10)  # a receipt printed later than this after the sale does not open the drawer
# Problems of one job rather than of the printer: the next jobs in the queue may still print.
JOB_PROBLEMS = frozenset({"gone", "no_member_code", "no_key", "busy"})
# what the owner does, in the app's words (its Settings screen, its Printer tab), before config.toml
NO_PRINTER = ("no printer set: the owner sets its address in the app's Settings › Printer "
              "(or url under [printer] in config.toml)",
              "未设置打印机：请店主在软件的「设置」→「打印机」里填写打印机地址（或在 config.toml 的 [printer] 下写 url）")
MARKED_AS_COPY = frozenset({*sources.RECEIPT_KINDS, *MALL_RECEIPTS, "z"})  # printed again, they say 重印 / COPY


class PrinterTurns:
    """One print at a time in this program: the app prints from a pool of threads, and one waits for the other,
    then sees how its print went (rather than that another program is printing it, as through the claim alone).
    A print asked for now (the customer at the counter's receipt, a reprint) goes before the catch-up's next
    old job: a backlog after a paper-out never holds the receipt and the cash drawer of the sale just rung."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._printing = False
        self._asked: list[int] = []  # prints asked for now waiting for their turn, first asked first
        self._tickets = itertools.count()
        self._catching_up: int | None = None  # the thread printing the whole queue, when one is

    def start_catching_up(self) -> bool:
        """Whether this thread may print the whole queue: one thread at a time does."""
        with self._changed:
            if self._catching_up is not None:
                return False
            self._catching_up = threading.get_ident()
            return True

    def stop_catching_up(self) -> None:
        with self._changed:
            self._catching_up = None

    @property
    def asked_now(self) -> int:
        """How many prints asked for now wait for their turn (what a test waits on)."""
        with self._changed:
            return len(self._asked)

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self._changed:
            if self._catching_up == threading.get_ident():
                self._changed.wait_for(lambda: not self._printing and not self._asked)
            else:
                self._wait_in_line(next(self._tickets))
            self._printing = True
        try:
            yield
        finally:
            with self._changed:
                self._printing = False
                self._changed.notify_all()

    def _wait_in_line(self, ticket: int) -> None:
        self._asked.append(ticket)
        try:
            self._changed.wait_for(lambda: not self._printing and self._asked[0] == ticket)
        finally:
            self._asked.remove(ticket)
            self._changed.notify_all()


_turns = PrinterTurns()


@dataclass(frozen=True)
class Outcome:
    job: Job
    problem: PrintProblem | None = None
    elsewhere: bool = False  # another program (the app's printer watch, another command) took the job: its print

    @classmethod
    def taken(cls, job: Job) -> "Outcome":
        """How the print of a job another program took goes: printing it now (busy), or how it went."""
        return cls(job, PrintProblem("busy") if job.status == SENDING else job.problem, elsewhere=True)

    @property
    def printed(self) -> bool:
        return self.problem is None

    @property
    def unsure(self) -> bool:
        """The printer took the data but never confirmed it: it may have printed."""
        return self.job.status == SENT

    @property
    def busy(self) -> bool:
        """Another program (the app, another command) is printing it now."""
        return self.problem is not None and self.problem.code == "busy"

    def as_json(self) -> dict[str, Any]:
        data = self.job.as_json() | ({"printed_by": "other"} if self.elsewhere else {})
        return {key: value for key, value in data.items() if key != "job"} if self.job.status == NOT_KEPT else data


class Printing:
    def __init__(self, till: Till, settings: PrinterSettings, *, member_code: MemberCode | None = None,
                 connect: Connect = connection_for) -> None:
        self.till = till
        self.settings = settings
        self._member_code = member_code
        self._connect = connect
        self._key: Ed25519PrivateKey | None = None

    def with_overrides(self, *, url: str | None = None, profile: str | None = None, language: Lang | None = None,
                       member_code: MemberCode | None = None) -> "Printing":
        settings = replace(self.settings, url=url or self.settings.url, profile=profile or self.settings.profile,
                           language=language or self.settings.language)
        return Printing(self.till, settings, member_code=member_code or self._member_code, connect=self._connect)

    # --- what to print -------------------------------------------------------------------------

    @property
    def style(self) -> Style:
        return Style(self.settings.paper_language, self.settings.footer, self.settings.effective_charset)

    def profile(self) -> PrinterProfile:
        return find_profile(self.settings.profile)

    def printer_url(self) -> PrinterUrl:
        if not self.settings.url:
            raise Refused("bad_printer", NO_PRINTER[0], NO_PRINTER[1])
        return parse_printer_url(self.settings.url)

    def _signing_key(self) -> Ed25519PrivateKey:
        if self._key is None:
            try:
                self._key = load_private_key(self.till.home.private_key)
            except (OSError, ValueError) as exc:
                raise PrintProblem("no_key", str(exc)) from None
        return self._key

    def document(self, kind: str, ref: str, copy: bool = False, open_drawer: bool = False) -> Document:
        shop = self.till.shop
        if kind in sources.RECEIPT_KINDS:
            key = self._signing_key()
            with self.till.reading() as uow:
                if kind == "refund":
                    return refund_receipt(sources.refund_receipt(uow.session, shop, ref, key, copy), self.style)
                sale = sources.sale_receipt(uow.session, shop, ref, key, copy)
            recent = shop.now() - sale.header.at <= DRAWER_WINDOW
            return sale_receipt(sale, self.style, open_drawer=open_drawer and recent)
        mall_receipt = MALL_RECEIPTS.get(kind)
        if mall_receipt is not None:
            with self.till.reading() as uow:
                return mall_receipt(uow.session, shop, ref, self.style, copy)
        if kind == "day":
            day = date.fromisoformat(ref)
            data = reports.day_report(self.till.reading(), shop, day)
            with self.till.reading() as uow:
                closing = sources.day_closing(uow.session, day)
            return day_totals(data, closing, self.style, shop.now().astimezone(shop.tz), linked=shop.ledger is not None)
        if kind == "z":
            z = reports.z_record(self.till.reading(), int(ref))
            return z_report(z, self.style, shop.now().astimezone(shop.tz), copy,
                            span=reports.z_span(self.till.reading(), shop, z), linked=shop.ledger is not None)
        if kind == "card":
            code = self._member_code(ref) if self._member_code else self._issued_code(ref)
            with self.till.reading() as uow:
                card = sources.member_card(uow.session, shop, ref, code)
            return member_card(card, self.style)
        if kind == "test":
            where = self.settings.url or "preview"
            profile = self.profile()
            return printer_test_page(where, profile.name, profile.columns, self.style)
        raise ValueError(f"unknown document kind {kind!r}")

    def _issued_code(self, member_id: str) -> str:
        """A fresh signed code for the member, as `member card` issues it: a queued card needs nothing else."""
        try:
            signer = load_code_signer(KeyFiles(self.till.home.private_key.parent), self.till.shop.merchant)
        except Refused as refused:
            raise PrintProblem("no_member_code", refused.message) from None
        except (OSError, ValueError) as exc:
            raise PrintProblem("no_member_code", str(exc)) from None
        try:
            return issue_member_code(self.till.reading(), self.till.shop, signer, member_id).code
        except Refused as refused:
            if refused.code == "not_found":  # the member is not in the store any more
                raise
            raise PrintProblem("no_member_code", refused.message) from None

    def page(self, document: Document) -> Page:
        return lay_out(document, self.profile().columns, self.settings.effective_charset)

    def escpos(self, document: Document) -> bytes:
        return to_escpos(self.page(document), self.profile(), self.settings.chinese)

    # --- the queue -----------------------------------------------------------------------------

    def queue(self, kind: str, ref: str) -> tuple[Job, bool]:
        """A queued job for this document: the one already waiting, else a new one (a copy if it printed before);
        and whether it is new."""
        earlier = print_queue.jobs_for(self.till.reading(), kind, ref)
        waiting = next((job for job in earlier if job.claimable), None)
        if waiting is not None:
            return waiting, False
        on_paper = [job for job in earlier if job.status in DONE or job.status == SENDING]  # or it soon may be
        copy = kind in MARKED_AS_COPY and bool(on_paper)
        return print_queue.add_job(self.till.uow(), kind, ref, copy, self.till.shop.now()), True

    def attempt(self, job: Job, looked_up: bool = False) -> Outcome:
        """Try a job once; its row says how it went. Nothing here raises for a printer's sake. ``looked_up``:
        a receipt looked up again (from Refunds), which never opens the drawer."""
        with _turns.turn():
            claimed = print_queue.claim(self.till.uow(), job.id)
            if claimed is None:  # another print of the queue took it meanwhile
                return self._taken(job.id)
            return self._attempt(claimed, looked_up)

    def _taken(self, job_id: int) -> Outcome:
        """A job another print took: printing it now (busy), or how that print went."""
        return Outcome.taken(print_queue.get_job(self.till.reading(), job_id))

    def _opens_drawer(self, job: Job, looked_up: bool) -> bool:
        """A cash sale's receipt opens the drawer once: with the first try that reaches the printer (paper out
        too: the drawer works without paper), whoever makes it. The printer watch, or another program, may claim
        a receipt just recorded before the sale screen does: the drawer is for the sale, not for who prints it.
        The job keeps whether a try kicked it (its last problem alone cannot tell: out of paper, then not
        reachable). Whether its customer may still be waiting is the sale's age (DRAWER_WINDOW, in ``document``)."""
        if looked_up or not (self.settings.drawer and job.kind == "receipt" and not job.copy):
            return False
        return not job.drawer_kicked

    def _attempt(self, job: Job, looked_up: bool) -> Outcome:
        """Print a job this program claimed."""
        try:
            document = self.document(job.kind, job.ref, job.copy, open_drawer=self._opens_drawer(job, looked_up))
            profile = self.profile()
            data = to_escpos(self.page(document), profile, self.settings.chinese)
            kicks = document.open_drawer and profile.drawer  # the data starts with the kick (to_escpos)
            url = self.printer_url()
            deliver(self._connect(url, self._answer_timeout_s), data, confirm=self.settings.confirm,
                    answer_timeout_s=self._answer_timeout_s, drawer_kick=drawer_kick_only() if kicks else None,
                    before_data=self._may_print(job, kicks), before_kick=self._kicks_drawer(job))
        except ClaimLost:  # this program was too slow: its claim ran out and another program took the job
            return self._taken(job.id)
        except PrintProblem as problem:
            return self._failed(job, problem)
        except Refused as refused:
            return self._failed(job, PrintProblem("gone" if refused.code == "not_found" else "bad_printer", refused.message))
        return Outcome(print_queue.record_printed(self.till.uow(), job, self.till.shop.now(), job.copy))

    def _may_print(self, job: Job, kicks: bool) -> Callable[[], None]:
        """Committed before the first byte goes out, if the claim still holds: a program killed while sending
        leaves a job that prints again as a copy, and whose drawer was kicked (``kicks``). A failure that sent
        nothing (not reachable, offline, out of paper) comes before it."""
        copy = not job.copy and job.kind in MARKED_AS_COPY
        return lambda: print_queue.record_reaching_printer(self.till.uow(), job, copy, drawer_kick=kicks)

    def _kicks_drawer(self, job: Job) -> Callable[[], None]:
        """Committed before the drawer's kick goes out alone (the printer out of paper, its cover open)."""
        return lambda: print_queue.record_reaching_printer(self.till.uow(), job, False, drawer_kick=True)

    def _failed(self, job: Job, problem: PrintProblem) -> Outcome:
        log.warning("print job %d (%s %s) not printed: %s", job.id, job.kind, job.ref, problem.stored())
        if problem.code == "no_answer":  # not waiting: printing it again unasked could print it twice
            return Outcome(print_queue.record_sent(self.till.uow(), job, problem, self.till.shop.now(), job.copy),
                           problem)
        copy = problem.may_have_printed and job.kind in MARKED_AS_COPY
        return Outcome(print_queue.record_failure(self.till.uow(), job, problem, copy), problem)

    def print(self, kind: str, ref: str, looked_up: bool = False, one_off: bool = False) -> Outcome:
        """Print a document now: the job waiting for it, else a copy if it printed before (``looked_up``: a receipt
        looked up again, which never opens the drawer). A test page that does not print is not kept for later, nor
        is a print to a printer named for this once (``one_off``): the queue prints on the shop's printer. A job
        waiting already stays waiting."""
        job, new = self.queue(kind, ref)
        outcome = self.attempt(job, looked_up)
        if (kind == "test" or (one_off and new)) and outcome.job.status in (QUEUED, SENT):
            print_queue.drop_job(self.till.uow(), job.id)
            return Outcome(replace(outcome.job, status=NOT_KEPT), outcome.problem)
        return outcome

    def print_recorded(self, kind: str, ref: str) -> Outcome:
        """Print the job written with what was just recorded (a sale's receipt…), for the customer at the counter;
        never a copy. The printer watch may have taken it meanwhile: then how its print went (``busy`` while another
        program prints it). A record made with no printer set up has no job: it is printed as ``print`` does."""
        jobs = print_queue.jobs_for(self.till.reading(), kind, ref)
        if not jobs:
            return self.print(kind, ref)
        return self.attempt(jobs[0])

    def waiting(self) -> int:
        """How many jobs wait in the queue (or are being printed)."""
        return print_queue.count_waiting(self.till.reading())

    def unconfirmed_today(self) -> int:
        """How many of today's receipts the printer took but never confirmed: they may not be on the paper
        (``unconfirmed_receipts`` lists them). Nothing prints them again unasked."""
        return print_queue.count_sent(self.till.reading(), sources.RECEIPT_KINDS, self._start_of_today())

    def unconfirmed_receipts(self) -> list[UnconfirmedReceipt]:
        """Today's receipts the printer took but never confirmed, oldest first, as the cashier looks for them on the
        paper. Each prints again as a copy (``retry`` of its job), or the cashier says it printed (``mark_printed``)."""
        jobs = print_queue.sent_jobs(self.till.reading(), sources.RECEIPT_KINDS, self._start_of_today())
        with self.till.reading() as uow:
            return [unconfirmed_receipt(uow.session, self.till.shop, job) for job in jobs]

    def mark_printed(self, job_id: int) -> Job:
        """The cashier found this job's receipt, which the printer never confirmed, on the paper."""
        job = print_queue.mark_checked(self.till.uow(), job_id)
        log.info("print job %d (%s %s) printed, as the cashier checked on the paper", job.id, job.kind, job.ref)
        return job

    def _start_of_today(self) -> datetime:
        return datetime.combine(self.till.shop.today(), time(), self.till.shop.tz)

    def retry(self, job_id: int | None = None) -> list[Outcome]:
        """Queued jobs oldest first, or one job; stops at the first problem with the printer itself.
        One job sent but not confirmed (the cashier found nothing on the paper) prints again as a copy.
        A job another program is printing is left to it (said only for one job asked for). The whole queue is
        printed by one loop at a time: while one runs (the printer watch's, a screen's), another returns at once
        with nothing, rather than hold a thread of the app's pool to wait its turn job by job."""
        if job_id is None:
            if not _turns.start_catching_up():
                return []
            try:
                return self._print_queue()
            finally:
                _turns.stop_catching_up()
        job = print_queue.get_job(self.till.reading(), job_id)
        if job.status == SENT:
            return [self.print(job.kind, job.ref)]
        if job.status not in WAITING:
            raise Refused("bad_input", f"print job {job_id} has printed already; print the document again for a copy",
                          f"打印任务 {job_id} 已打印；如需再要一张，请重印该单据")
        return [self.attempt(job)]

    def _print_queue(self) -> list[Outcome]:
        outcomes: list[Outcome] = []
        for job in print_queue.list_jobs(self.till.reading()):
            outcome = self.attempt(job)
            if outcome.busy:
                continue
            outcomes.append(outcome)
            if outcome.problem is not None and outcome.problem.code not in JOB_PROBLEMS:
                break
        return outcomes

    def state(self) -> PrinterState:
        """Ask the printer how it is; PrintProblem when it cannot be reached."""
        return check_state(self._connect(self.printer_url(), self._answer_timeout_s), self._answer_timeout_s)

    def reports_status(self) -> bool:
        """Whether the printer can say how it is (network, USB, serial); a file, CUPS or Windows printer cannot.
        Nothing is opened."""
        return self._connect(self.printer_url(), self._answer_timeout_s).reports_status

    @property
    def _answer_timeout_s(self) -> float:
        return self.settings.answer_timeout_ms / 1000
