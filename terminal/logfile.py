"""The store's log, `jifen.log` in the store folder: made the same way for the command line, the daily backup
process and the app, so that all three write one file, rotated alike."""

import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

from terminal.home import Home, user_temp_file
from terminal.money import half_width
from terminal.phones import is_mobile, mask_phone
from terminal.version import running_version

log = logging.getLogger("jifen")
MAX_BYTES = 1_000_000
KEPT = 3  # jifen.log.1 … jifen.log.3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


_D = "[0-9０-９]"  # a digit, full-width ones too (a Chinese input method's)
_SEP = "[ \\-－\u3000]"  # one space or dash between groups: 138 0013 8000, 138-0013-8000
# A mobile number as people write one: 11 digits, or grouped 3-4-4 by one space or dash, with or without +86, 86 or
# 0086 before it. Grouped any other way it is not taken for one: "15 2026-03-01" is a count and a date.
_PHONE = re.compile(
    rf"(?<![0-9０-９])(?:(?:[+＋]|00|００)?[8８][6６]{_SEP}?)?"
    rf"[1１][3-9３-９](?:{_D}{{9}}|{_D}(?P<sep>{_SEP}){_D}{{4}}(?P=sep){_D}{{4}})(?![0-9０-９])")
_SPACES_DASHES = re.compile(r"[\s\-()]")
# A member code (JF1 and its base32: whoever holds it is served as the member) and a WeChat Pay or Alipay payment
# code (16 to 24 digits: it pays). The words a receipt's code or a sale number are made of do not match either.
_MEMBER_CODE = re.compile(r"(?<![0-9A-Za-z])(JF[0-9])[0-9A-Za-z]{16,}(?![0-9A-Za-z])")
_PAYMENT_CODE = re.compile(r"(?<![0-9])((?:1[0-5]|2[5-9]|30)[0-9]{2})[0-9]{12,20}(?![0-9])")
_COUNTRY_CODE = re.compile(r"^(\+?86|0086)(?=1[0-9]{10}$)")
SECRET_OPTIONS = ("--token", "--name")  # a token, a member's name
STAFF_OPTIONS = ("--cashier", "--approver", "--owner")  # a staff member's name, as 王* (masked, not hidden)
_FLAGS = frozenset({"--json", "-h", "--help"})  # the options of `jifen cashier …` that take no value


class LocalTimeWithOffset(logging.Formatter):
    """Times as 2026-03-08T10:15:00.123+08:00: a log sent from a shop says when, whatever the reader's time zone."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds")


def mask_phones(text: str) -> str:
    """Every mobile number in ``text`` as 138****8000, however it was typed (see _PHONE)."""
    return _PHONE.sub(lambda found: mask_phone(_digits(found.group())[-11:]), text)


def mask_codes(text: str) -> str:
    """Member codes as JF1****, payment codes as 1234****: a log sent to support lets no one pay or be served."""
    return _PAYMENT_CODE.sub(r"\1****", _MEMBER_CODE.sub(r"\1****", text))


def mask_personal(text: str) -> str:
    """``text`` with its phone numbers, member codes and payment codes masked."""
    return mask_phones(mask_codes(text))


def _digits(text: str) -> str:
    return "".join(c for c in half_width(text) if c.isascii() and c.isdigit())


def phone_of(word: str) -> str | None:
    """The mobile number a command's argument is, taken as terminal.services.members.normalise_phone takes one
    (repeated here: the log is set up before, and without, the store's layer); None when it is not one."""
    digits = _COUNTRY_CODE.sub("", _SPACES_DASHES.sub("", half_width(word)))
    return digits if is_mobile(digits) else None


def _masked_word(word: str) -> str:
    """An argument that is a phone number, whole (``--member 138-0013-8000``) or as an option's value
    (``--phone=+86 130 1111 2222``), masked; else any phone numbers within it."""
    option, equals, value = word.partition("=")
    if equals and option.startswith("-") and (phone := phone_of(value)) is not None:
        return f"{option}={mask_phone(phone)}"
    phone = phone_of(word)
    return mask_phone(phone) if phone is not None else mask_personal(word)


def mask_name(name: str) -> str:
    """A person's name as 王*, 张** or b***: its first character only."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else "*"


def _staff_named(argv: Sequence[str]) -> set[int]:
    """Where ``argv`` names a staff member: the values of STAFF_OPTIONS, and the NAME of `jifen cashier VERB NAME`."""
    named: set[int] = set()
    positional: list[int] = []
    value_of: str | None = None
    for at, word in enumerate(argv):
        if value_of is not None:
            if value_of in STAFF_OPTIONS:
                named.add(at)
            value_of = None
        elif word.startswith("-") and word != "-":
            value_of = None if "=" in word or word in _FLAGS else word
        else:
            positional.append(at)
    if [argv[at] for at in positional[:1]] == ["cashier"]:
        named.update(positional[2:])
    return named


def masked_command(argv: Sequence[str]) -> str:
    """The command as typed, with the values of SECRET_OPTIONS as ***, staff names as 王* and phone numbers masked."""
    words: list[str] = []
    hide_next = False
    named = _staff_named(argv)
    for at, word in enumerate(argv):
        option, equals, value = word.partition("=")
        if hide_next:
            words.append("***")
        elif at in named:
            words.append(mask_name(word))
        elif equals and option in SECRET_OPTIONS:
            words.append(f"{option}=***")
        elif equals and option in STAFF_OPTIONS:
            words.append(f"{option}={mask_name(value)}")
        else:
            words.append(_masked_word(word))
        hide_next = not hide_next and not equals and word in SECRET_OPTIONS
    return " ".join(["jifen", *words])


@dataclass
class Running:
    """What a crash record names: the command run, and the store once it is open."""

    command: str = ""
    store: str = ""


running = Running()


def running_command(argv: Sequence[str]) -> None:
    running.command, running.store = masked_command(argv), ""


def running_store(merchant: str, store: str, terminal: str) -> None:
    running.store = store_words(merchant, store, terminal)


def store_words(merchant: str, store: str, terminal: str) -> str:
    return f"merchant {merchant}, store {store}, terminal {terminal}"


def about_the_run() -> str:
    """jifen 1.2.0, merchant local, store 静安店, terminal T1, command: jifen sale --member 138****8000 …"""
    return ", ".join(part for part in (f"jifen {running_version()}", running.store,
                                       f"command: {running.command}" if running.command else "") if part)


def log_started(merchant: str, store: str, terminal: str) -> None:
    """The app's one line at start: a log sent to support says which version ran on which till."""
    # Made by hand: the log's level stays WARNING, so that no command fills it, yet this one line is written.
    record = log.makeRecord(log.name, logging.INFO, __file__, 0, "started jifen %s, %s",
                            (running_version(), store_words(merchant, store, terminal)), None)
    log.handle(record)


class QuietLog(RotatingFileHandler):
    """A log file that cannot be written is given up on quietly: never a traceback on the console."""

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:
        self.failed = True

    def doRollover(self) -> None:
        """The full file is moved aside before the older ones move up, so that a refusal changes no file."""
        if self.stream:
            self.stream.close()
            self.stream = None  # type: ignore[assignment]
        aside = f"{self.baseFilename}.0"
        try:
            os.replace(self.baseFilename, aside)
        except OSError:
            # Windows refuses to rename a file another process has open (the app keeps jifen.log open all day):
            # records go on at its end, and the next record past the size tries again.
            self.stream = self._open()
            return
        for older in range(self.backupCount - 1, 0, -1):
            if os.path.exists(f"{self.baseFilename}.{older}"):
                os.replace(f"{self.baseFilename}.{older}", f"{self.baseFilename}.{older + 1}")
        os.replace(aside, f"{self.baseFilename}.1")


def temp_log() -> Path:
    """Where the log goes when the store folder cannot take it (none yet, or read-only): this user's file in the
    temp folder, so that "details are in …" never names another user's failures."""
    return user_temp_file("jifen-error")


def can_write(path: Path) -> bool:
    """A name too long for the file system (a long --home) is a folder that cannot be written, not a traceback."""
    try:
        return os.access(path, os.W_OK) if path.exists() else path.parent.is_dir() and os.access(path.parent, os.W_OK)
    except OSError:
        return False


def log_to(home: Home) -> Path | None:
    """Log to the store folder, else (no store folder yet, or a read-only one) to the temp folder; never to the
    console. Replaces where the log went before. None: nowhere can be written."""
    for old in list(log.handlers):
        log.removeHandler(old)
        old.close()
    log.propagate = False
    path = next((p for p in (home.log, temp_log()) if can_write(p)), None)
    if path is None:
        log.addHandler(logging.NullHandler())  # else Python's last resort prints to the console
        return None
    handler = QuietLog(path, maxBytes=MAX_BYTES, backupCount=KEPT, encoding="utf-8", delay=True)
    handler.setFormatter(LocalTimeWithOffset(FORMAT))
    log.addHandler(handler)
    return path


def written_to() -> Path | None:
    """The file the log is written to, or None when it is written nowhere (not set up, nothing writable, or a
    write failed)."""
    files = [h for h in log.handlers if isinstance(h, QuietLog)]
    if not files or any(h.failed for h in files):
        return None
    return Path(files[0].baseFilename)
