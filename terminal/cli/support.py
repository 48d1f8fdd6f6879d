"""`jifen support-report FILE.zip`: what the vendor's support line needs from a shop, and nothing private. A summary
(versions, the store, the ledger's address, and what `sync --status`, `print queue`, `printer status` and `journal
verify` say) and the store's logs, phone numbers and the names of members and staff masked. Never the store's
database, its keys or its ledger token. Each part runs as its own command would; one that fails says why and the rest
still goes in."""

from __future__ import annotations

import io
import logging
import platform
import re
import shutil
import sys
import threading
import zipfile
from argparse import Namespace
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from terminal.cli import auth
from terminal.cli.registry import CommandLine, Context, Output
from terminal.cli.text import many
from terminal.errors import Refused
from terminal.files import write_atomically
from terminal.home import Home
from terminal.lang import say
from terminal.logfile import mask_name, mask_personal, temp_log
from terminal.roles import ROLE_ZH
from terminal.version import running_version

if TYPE_CHECKING:
    from terminal.bootstrap import Till

log = logging.getLogger("jifen")
PRINTER_WAIT_S = 5  # an unplugged network printer takes 3 s to give up connecting
PART_WAIT_S = 60
PARTS = ((("sync", "--status"), PART_WAIT_S), (("print", "queue"), PART_WAIT_S),
         (("printer", "status"), PRINTER_WAIT_S), (("journal", "verify"), PART_WAIT_S))
SUMMARY = "summary.txt"


@dataclass(frozen=True)
class Part:
    name: str
    ok: bool
    text: str

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "ok": self.ok, "message": self.text}


def _answer(cli: CommandLine, home: Home, words: tuple[str, ...]) -> Part:
    """What ``jifen WORDS`` says on this store, in a context of its own (the store opened again, read only)."""
    name = " ".join(words)
    ctx = Context(home, read_only=True)
    try:
        out = cli.run(cli.parse([*words, "--home", str(home.root)]), ctx)
        return Part(name, not out.failed, out.text)
    except Refused as refused:
        return Part(name, False, refused.message)
    except Exception as problem:  # noqa: BLE001 - one part failing must not lose the others
        log.warning("support report: %s failed", name, exc_info=True)
        return Part(name, False, f"{type(problem).__name__}: {problem}")
    finally:
        ctx.close()


def run_part(cli: CommandLine, home: Home, words: tuple[str, ...], wait_s: float) -> Part:
    """``_answer``, given up on after ``wait_s`` (a printer or a disk that does not answer)."""
    found: list[Part] = []
    worker = threading.Thread(target=lambda: found.append(_answer(cli, home, words)), daemon=True)
    worker.start()
    worker.join(wait_s)
    if found:
        return found[0]
    return Part(" ".join(words), False, say(f"no answer within {wait_s:g} s", f"{wait_s:g} 秒内无应答"))


def _without_secrets(url: str) -> str:
    """The ledger's address without a user, password, query or fragment (the token is never in it; a typo might)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _size(path: Path) -> str:
    try:
        return say(many(path.stat().st_size, "byte", "bytes"), f"{path.stat().st_size:,} 字节")
    except OSError as problem:
        return problem.strerror or str(problem)


def _free(folder: Path) -> str:
    try:
        return say(many(shutil.disk_usage(folder).free, "byte", "bytes"), f"{shutil.disk_usage(folder).free:,} 字节")
    except OSError as problem:
        return problem.strerror or str(problem)


def _schema(till: Till) -> str:
    from terminal import db

    try:
        return db.schema_version(till.engine) or say("none", "无")
    except Exception as problem:  # noqa: BLE001 - said in the summary instead
        return f"{type(problem).__name__}: {problem}"


def _facts(till: Till) -> list[tuple[str, str]]:
    home, shop = till.home, till.shop
    ledger = _without_secrets(shop.ledger.url) if shop.ledger is not None else say("not connected", "未连接")
    return [
        (say("jifen version", "jifen 版本"), running_version()),
        ("Python", f"{platform.python_version()} ({sys.executable})"),
        (say("System", "操作系统"), platform.platform()),
        (say("Store folder", "门店文件夹"), str(home.root)),
        (say("Merchant / store / terminal", "商户 / 门店 / 终端"), f"{shop.merchant} / {shop.store} / {shop.terminal_id}"),
        (say("Ledger", "总账"), ledger),
        (say("Database schema", "数据库结构版本"), _schema(till)),
        (say("Database size", "数据库大小"), _size(home.db)),
        (say("Free disk space", "磁盘剩余空间"), _free(home.root)),
    ]


def _summary(facts: list[tuple[str, str]], parts: list[Part]) -> str:
    lines = [f"{label}: {value}" for label, value in facts]
    for part in parts:
        state = say("ok", "正常") if part.ok else say("problem", "有问题")
        lines += ["", f"== jifen {part.name} ({state}) ==", part.text]
    return "\n".join(lines) + "\n"


def _staff(till: Till) -> list[tuple[str, str]]:
    """Everyone who ever worked at this till, with their role, in the order they were added: the first is #1."""
    from sqlalchemy import literal_column, select

    from terminal.models import Cashier

    with till.reading() as uow:
        return [(name, role) for name, role in uow.session.execute(
            select(Cashier.name, Cashier.role).order_by(literal_column("rowid")))]


def _staff_fact(staff: list[tuple[str, str]]) -> tuple[str, str]:
    return say("Staff", "员工"), ", ".join(f"#{number} {mask_name(name)} {say(role, ROLE_ZH.get(role, role))}"
                                         for number, (name, role) in enumerate(staff, 1))


def _private_names(till: Till, staff: list[tuple[str, str]]) -> dict[str, str]:
    """Each member's name as **; each staff member's as 王*#4, their number here, so that support can still follow
    who did what. A name of one character is left: it would mask every word it is in."""
    from sqlalchemy import select

    from terminal.models import Member

    with till.reading() as uow:
        names = dict.fromkeys((name for name in uow.session.scalars(select(Member.name)) if name), "**")
    names.update((name, f"{mask_name(name)}#{number}") for number, (name, _) in enumerate(staff, 1))
    return {name: mask for name, mask in names.items() if len(name.strip()) > 1}


def _whole(name: str) -> str:
    """``name`` as a pattern; a Latin name only as a whole word (amy, never the amy in "Amyl" or max in "maximum")."""
    before = "(?<![A-Za-z0-9])" if name[0].isascii() and name[0].isalnum() else ""
    after = "(?![A-Za-z0-9])" if name[-1].isascii() and name[-1].isalnum() else ""
    return f"{before}{re.escape(name)}{after}"


def masked(text: str, names: dict[str, str]) -> str:
    """``text`` with phone numbers as 138****8000, member and payment codes masked, and each of ``names`` as its
    mask, the longest first (a name inside a longer one is masked with it)."""
    if names:
        pattern = re.compile("|".join(_whole(name) for name in sorted(names, key=len, reverse=True)))
        text = pattern.sub(lambda found: names[found.group()], text)
    return mask_personal(text)


def _logs(home: Home) -> list[Path]:
    """The store's logs, then this user's log in the temp folder (and their rotations): where a command's failures
    went when the store folder could not be written, the case support is called about."""
    fallback = temp_log()
    return [*_files(home.root, "jifen.log*"), *_files(fallback.parent, f"{fallback.name}*")]


def _files(folder: Path, pattern: str) -> list[Path]:
    try:
        return sorted(path for path in folder.glob(pattern) if path.is_file())
    except OSError:  # a folder that cannot be listed has no logs to send
        return []


def _write_zip(target: Path, summary: str, logs: list[Path], names: dict[str, str]) -> list[Part]:
    """The zip, written whole or not at all; the logs that could not be read are parts that failed."""
    problems: list[Part] = []
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(SUMMARY, masked(summary, names))
        for path in logs:
            try:
                bundle.writestr(path.name, masked(path.read_text(encoding="utf-8", errors="replace"), names))
            except OSError as problem:
                problems.append(Part(path.name, False, problem.strerror or str(problem)))
    try:
        write_atomically(target, data.getvalue(), new=True)
    except FileExistsError:  # made while the report was gathered: never written over
        from terminal.backup import already_exists

        raise already_exists(target) from None
    return problems


def _supervisor(till: Till, args: Namespace) -> None:
    from terminal.bootstrap import writable

    by = auth.cashier(till, args, counted=writable(till.home))  # a read-only store: the PIN checked, nothing written
    if not by.supervises:
        raise Refused("forbidden", "only an owner or a manager can make a support report",
                      "只有店主或店长可以生成支持报告")


def support_report(args: Namespace, ctx: Context, cli: CommandLine) -> Output:
    from terminal.backup import new_file_target

    target = new_file_target(args.file)
    till = ctx.till()
    _supervisor(till, args)
    parts = [run_part(cli, ctx.home, words, wait_s) for words, wait_s in PARTS]
    logs = _logs(ctx.home)
    staff = _staff(till)
    summary = _summary([*_facts(till), _staff_fact(staff)], parts)
    parts += _write_zip(target, summary, logs, _private_names(till, staff))
    return Output({"file": str(target), "parts": [part.as_json() for part in parts]}, _report_text(target, parts, logs))


def _report_text(target: Path, parts: list[Part], logs: list[Path]) -> str:
    lines = [say(f"Support report written to {target} ({many(len(logs), 'log file', 'log files')}). Send it to "
                 "your vendor's support; "
                 "never send jifen.db, keys/ or ledger.token",
                 f"支持报告已写入 {target}（含 {len(logs)} 个日志文件）。请将它发给供应商的技术支持；"
                 "切勿发送 jifen.db、keys/ 或 ledger.token")]
    for part in parts:
        if not part.ok:
            first = part.text.splitlines()[0] if part.text else ""
            lines.append(say(f"  {part.name}: {first}", f"  {part.name}：{first}"))
    return "\n".join(lines)


def register(cli: CommandLine) -> None:
    p = cli.command("support-report", "write a zip for the vendor's support: a summary and the logs, without the "
                    "store's data, keys or token (owner or manager)",
                    lambda args, ctx: support_report(args, ctx, cli), read_only=True)
    p.add_argument("file", metavar="FILE.zip")
