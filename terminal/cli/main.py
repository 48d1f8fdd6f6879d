"""Entry point of `jifen`: exit 0 on success, 2 on a refusal (one clear line), 1 on a logged failure."""

import errno
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from terminal.cli import commands, staff_commands, support
from terminal.cli.registry import CommandLine, Context, Output
from terminal.config import check_config_names, store_language
from terminal.errors import Refused
from terminal.home import Home
from terminal.lang import console_streams, follow_store, say
from terminal.logfile import about_the_run, log_to, running_command, running_store, written_to

log = logging.getLogger("jifen")
Extension = Callable[[CommandLine], None]
LOGGED_REFUSALS = {"sync"}  # as the app's background sync: support asks when the ledger was last out of reach


def _json(data: dict[str, object]) -> str:
    # Chinese stays readable on a UTF-8 console; elsewhere escapes keep the data intact.
    utf8 = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "") == "utf8"
    return json.dumps(data, ensure_ascii=not utf8)


def _write(text: str, stream: TextIO | None = None) -> OSError | None:
    """Print a line; when its reader went away (`jifen report day | head`) the rest of the output is
    dropped quietly: the exit status still says how the command went. A stream that cannot be written
    (a redirect to a full disk) is dropped too, and the error given back: it is about the console, never
    the store."""
    stream = stream or sys.stdout
    try:
        print(text, file=stream, flush=True)
    except BrokenPipeError:
        _drop(stream)
    except OSError as problem:
        _drop(stream)
        return problem
    return None


def _drop(stream: TextIO) -> None:
    """Send what is still buffered for ``stream`` (flushed at exit) to the null device."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (OSError, ValueError):
        pass  # no file behind it: nothing will be flushed to a closed pipe


def _emit(out: Output, as_json: bool, wrote: bool) -> int:
    """Print what the command found, and give its exit status. Its work is saved by now, so an answer
    that cannot be printed says so (exit 1), never that nothing was done."""
    status = 2 if out.failed else 0
    problem = _write(_json(out.data)) if as_json else _write(out.text, sys.stderr if out.failed else sys.stdout)
    if problem is None:
        return status
    reason = problem.strerror or str(problem)
    if wrote and not out.failed:
        _write(say(f"done and saved, but its answer could not be written ({reason})",
                   f"已完成并保存，但结果无法输出（{reason}）"), sys.stderr)
    else:
        _write(say(f"the answer could not be written ({reason})", f"结果无法输出（{reason}）"), sys.stderr)
    return status or 1


def refusal(refused: Refused, as_json: bool) -> int:
    """Say a refusal as the command line does (one line on stderr, or the error object) and give its exit status."""
    if as_json:
        _write(_json({"error": refused.code, "message": refused.message}))
    else:
        _write(refused.message, sys.stderr)
    return 2


def _home_named(argv: list[str]) -> str | None:
    for i, word in enumerate(argv[:-1]):
        if word == "--home":
            return argv[i + 1]
    return next((word.removeprefix("--home=") for word in argv if word.startswith("--home=")), None)


def _check_encoding(argv: list[str]) -> None:
    for word in argv:
        try:
            word.encode("utf-8")
        except UnicodeEncodeError:
            raise Refused("bad_input", f"{word.encode('utf-8', 'replace').decode()!r} is not valid text (UTF-8)",
                          f"{word.encode('utf-8', 'replace').decode()!r} 不是有效的文字（UTF-8）") from None


def _after_write(ctx: Context) -> None:
    """The daily backup rides on the first write of the day, made by a process of its own so the command returns
    once its write is saved; it never fails the command. What an earlier one could not do is said now (after a
    read too)."""
    from terminal import daily_backup

    till = ctx.opened
    if till is None:
        return
    if ctx.read_only:
        problems = [found for found in [daily_backup.earlier(ctx.home)] if found is not None]
    else:
        problems = daily_backup.after_write(ctx.home, till.shop.today(), ctx.backup_anew)
    for problem in problems:
        _write(say(f"warning: daily backup skipped ({problem})", f"警告：今日自动备份未完成（{problem}）"), sys.stderr)


def _then(cli: CommandLine, ctx: Context, out: Output) -> Output:
    """What the packages above add after a command wrote (printing its receipt); the command's own work is
    saved by now, so a failure here is logged and said, and the command still succeeds."""
    for then in cli.after_write:
        try:
            out = then(ctx, out)
        except Exception:  # the sale is recorded: never report it as failed
            log.exception("after the command, %s failed", getattr(then, "__name__", then))
            _write(say(f"warning: done and saved, but what follows it failed; details are in {ctx.home.log}",
                       f"警告：已完成并保存，但后续步骤失败；详情见 {ctx.home.log}"), sys.stderr)
    return out


def command_line(extensions: Sequence[Extension] = ()) -> CommandLine:
    cli = CommandLine()
    commands.register(cli)
    staff_commands.register(cli)
    for extend in extensions:
        extend(cli)
    support.register(cli)  # last: its report runs the commands the packages above add
    return cli


def main(argv: list[str] | None = None, extensions: Sequence[Extension] = ()) -> int:
    """Run one command; ``extensions`` add the commands of the packages above terminal/."""
    try:
        return _run(sys.argv[1:] if argv is None else argv, extensions)
    finally:
        follow_store(None)  # the store's language was for its command only


def set_up_console(argv: list[str]) -> None:
    """Output that never fails on a character, in the store's language: before the words are parsed, so that
    their errors and --help are said in it too."""
    console_streams()
    follow_store(store_language(Home.resolve(_home_named(argv)).config))


def _run(argv: list[str], extensions: Sequence[Extension]) -> int:
    set_up_console(argv)
    as_json = "--json" in argv
    home = Home.resolve(None)
    running_command(argv)
    path = ""
    try:
        _check_encoding(argv)
        cli = command_line(extensions)
        args = cli.parse(argv)
        as_json = bool(getattr(args, "json", False))
        home = Home.resolve(getattr(args, "home", None))
        follow_store(store_language(home.config))
        log_to(home)
        if args.selftest:  # the app runs it (ui/entry.py) when it is all that is asked
            raise Refused("bad_input", "--selftest runs on its own: jifen --selftest", "--selftest 须单独运行：jifen --selftest")
        if not args.command:
            cli.parser.print_help()
            return 0
        check_config_names(home.config)  # a misspelt setting is said before anything is done, never ignored
        path = cli.path_of(args)
        ctx = Context(home, read_only=path in cli.read_only)
        try:
            out = cli.run(args, ctx)
            if not ctx.read_only:
                out = _then(cli, ctx, out)  # the receipt first: the customer is waiting, the backup is not
            _after_write(ctx)
        finally:
            if ctx.opened is not None:
                shop = ctx.opened.shop
                running_store(shop.merchant, shop.store, shop.terminal_id)
                for notice in ctx.opened.notices:
                    _write(notice, sys.stderr)
            ctx.close()
        return _emit(out, as_json, wrote=not ctx.read_only)
    except Refused as refused:
        if path in LOGGED_REFUSALS and not getattr(args, "status", False):
            log.warning("%s failed: %s", path, refused.en)
        return refusal(refused, as_json)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away while a command printed as it went; the work itself is done.
        _drop(sys.stdout)
        return 0
    except Exception as exc:  # noqa: BLE001 - one line and the log, never a traceback
        return _failure(home, exc, as_json)


def _failure(home: Home, exc: Exception, as_json: bool) -> int:
    """A command that failed: a full disk, the store's database refusing, or the unexpected. Called while ``exc`` is
    handled (its traceback goes to the log); the store's layer is imported here, not for every command."""
    from sqlalchemy.exc import DBAPIError

    from terminal.bootstrap import DiskFull, store_refusal

    if isinstance(exc, DiskFull):
        return _disk_full(home, exc.folder, exc, as_json)
    if not isinstance(exc, (DBAPIError, sqlite3.DatabaseError)):
        return _failed(home, exc, as_json)
    about_store = store_refusal(home, exc)
    if about_store is not None:
        log.warning("%s", about_store.en, exc_info=True)
        return refusal(about_store, as_json)
    if _busy(exc.orig if isinstance(exc, DBAPIError) else exc):
        return refusal(Refused("busy", "the store is busy with another program writing to it; try again in a moment",
                               "数据正被其他程序写入，请稍后重试"), as_json)
    return _failed(home, exc, as_json)


def _busy(problem: BaseException | None) -> bool:
    """SQLite's own busy or locked error (database is locked, database table is locked), by its code: not any
    failure whose text says "locked", such as one naming the column locked_until."""
    code = getattr(problem, "sqlite_errorcode", None) if isinstance(problem, sqlite3.OperationalError) else None
    return isinstance(code, int) and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _shortened(name: str) -> str:
    return name if len(name) <= 80 else f"{name[:50]}…{name[-20:]}"


def _name_too_long(problem: BaseException) -> Refused | None:
    """A file or folder named on the command line (or $JIFEN_HOME) longer than the file system allows."""
    seen: BaseException | None = problem
    while seen is not None:
        if isinstance(seen, OSError) and (seen.errno == errno.ENAMETOOLONG or getattr(seen, "winerror", None) == 206):
            name = f" {_shortened(os.fsdecode(seen.filename))}" if seen.filename is not None else ""
            return Refused("bad_input", f"the name{name} is too long for the file system: use a shorter file or folder name",
                           f"名称{name} 太长，超出文件系统的限制：请使用较短的文件或文件夹名称")
        seen = seen.__cause__ or seen.__context__
    return None


def _failed(home: Home, problem: Exception, as_json: bool) -> int:
    from terminal.bootstrap import damage_found, full_disk

    too_long = _name_too_long(problem)
    if too_long is not None:
        return refusal(too_long, as_json)
    full = full_disk(problem, home.root)
    if full is not None:
        return _disk_full(home, full, problem, as_json)
    damaged = damage_found(home)  # a damaged index gives rows no column can hold, or SQLite's own complaint
    if damaged is not None:
        log_to(home)
        log.warning("%s", damaged.en, exc_info=problem)
        return refusal(damaged, as_json)
    return _unexpected(home, as_json)


def _disk_full(home: Home, folder: Path, problem: Exception, as_json: bool) -> int:
    """A full disk is a failure (exit 1), but not a mystery: say which disk, and what to do."""
    from terminal.bootstrap import disk_full

    log_to(home)
    log.warning("the disk holding %s is full", folder, exc_info=problem)
    message = disk_full(folder).message
    if as_json:
        _write(_json({"error": "disk_full", "message": message}))
    else:
        _write(message, sys.stderr)
    return 1


def _unexpected(home: Home, as_json: bool) -> int:
    log_to(home)
    log.exception("unexpected failure (%s)", about_the_run())
    where = written_to()
    if where is None:
        message = say("unexpected failure; the details could not be written to a log",
                      "发生意外错误；详情无法写入日志")
    else:
        message = say(f"unexpected failure; details are in {where}", f"发生意外错误，详情见 {where}")
    if as_json:
        _write(_json({"error": "internal", "message": message}))
    else:
        _write(message, sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
