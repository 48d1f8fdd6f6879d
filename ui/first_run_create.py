"""What the first-run wizard does once the owner says Finish, without Qt: create the store with
terminal.bootstrap.init_store, write config.toml, join the ledger if one was given. If any step
fails, everything made so far is taken away again, so the next try starts from nothing.

Also the wizard's test page, printed before any store exists (so no print queue)."""

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from printing.cards import printer_test_page
from printing.connections import connection_for
from printing.delivery import deliver
from printing.layout import lay_out
from printing.printer_url import parse_printer_url
from printing.problems import PrintProblem
from printing.profiles import find_profile
from printing.receipts import Style
from printing.render_escpos import to_escpos
from printing.settings import ChineseMode, PrinterSettings
from printing.words import Lang
from terminal.bootstrap import init_store
from terminal.clock import new_zone
from terminal.home import Home
from terminal.lang import prefers_chinese
from ui.screens.settings_config import update_config
from ui.screens.settings_ledger_link import remember_link

STANDALONE_MERCHANT = "local"  # as `jifen init` names a shop that is its own merchant
TERMINAL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")  # what init_store accepts


def app_language() -> Lang:
    """The language the app runs in: a new store's receipts print in it unless the owner says otherwise."""
    return "zh" if prefers_chinese() else "en"


@dataclass
class Choices:
    store: str = ""
    terminal_id: str = "T1"
    timezone: str = "Asia/Shanghai"
    owner: str = ""
    pin: str = ""
    printer_url: str | None = None
    paper: str = "80mm"
    chinese: ChineseMode = "switch"  # whether the printer has Chinese characters ("none": it has not)
    receipt_language: Lang = field(default_factory=app_language)
    camera: str | None = None
    decoder: str = "zxing"
    ledger_url: str | None = None
    ledger_token: str | None = None
    ledger_ca: bytes | None = None  # the certificate authority of a ledger with a private certificate
    merchant: str = STANDALONE_MERCHANT  # the ledger's word for it when there is one


def check_timezone(name: str) -> str:
    new_zone(name)  # reads the zone folder: off the UI thread
    return name


def create_store(home: Home, choices: Choices) -> None:
    """The store, its settings and its ledger link, all or nothing."""
    before = {path.name for path in home.root.iterdir()} if home.root.exists() else None
    try:
        till = init_store(home, store=choices.store, terminal_id=choices.terminal_id, merchant=choices.merchant,
                          timezone=choices.timezone, owner=choices.owner, pin=choices.pin)
        try:
            update_config(home.config, "printer", {"url": choices.printer_url, "profile": choices.paper,
                                                   "chinese": choices.chinese, "language": choices.receipt_language})
            update_config(home.config, "camera", {"source": choices.camera, "decoder": choices.decoder})
            if choices.ledger_url and choices.ledger_token:
                remember_link(till, choices.ledger_url, choices.ledger_token, choices.ledger_ca)
        finally:
            till.close()
    except BaseException:
        remove_leftovers(home.root, before)
        raise


def remove_leftovers(root: Path, before: set[str] | None) -> None:
    """Take away what a failed creation made: the whole folder if it was new, else only what is new in it."""
    if before is None:
        shutil.rmtree(root, ignore_errors=True)
        return
    if not root.exists():
        return
    for path in root.iterdir():
        if path.name in before:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def print_test_page(url: str, paper: str, language: Lang, chinese: ChineseMode) -> PrintProblem | None:
    """The printer test page, straight to the printer, in the receipts' language; the problem if it did not print."""
    settings = PrinterSettings(url=url, profile=paper, chinese=chinese, language=language)
    try:
        profile = find_profile(paper)
        document = printer_test_page(url, profile.name, profile.columns, Style(settings.paper_language, settings.footer))
        data = to_escpos(lay_out(document, profile.columns, settings.effective_charset), profile, settings.chinese)
        timeout = settings.answer_timeout_ms / 1000
        deliver(connection_for(parse_printer_url(url), timeout), data, confirm=settings.confirm, answer_timeout_s=timeout)
    except PrintProblem as problem:
        return problem
    return None
