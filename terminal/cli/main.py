"""Entry point of `jifen`: exit 0 on success, 2 on a refusal (one clear line), 1 on a logged failure."""

import json
import logging
import os
import sqlite3
import sys
import tempfile
from logging.handlers import RotatingFileHandler
from pathlib import Path

from sqlalchemy.exc import OperationalError

from terminal.backup import daily_backup
from terminal.cli.commands import Context, Output, run
from terminal.cli.parser import build_parser
from terminal.config import load_settings
from terminal.errors import Refused
from terminal.home import Home
from terminal.lang import say

log = logging.getLogger("jifen")
READ_ONLY_COMMANDS = {"member show", "report day", "report z", "journal verify", "rules check", "rules show", "backup"}


def _log_to(home: Home) -> Path:
    path = home.log if home.root.is_dir() else Path(tempfile.gettempdir()) / "jifen-error.log"
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    return path


def _emit(out: Output, as_json: bool) -> None:
    print(json.dumps(out.data, ensure_ascii=False) if as_json else out.text)


def _refusal(refused: Refused, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"error": refused.code, "message": refused.message}, ensure_ascii=False))
    else:
        print(refused.message, file=sys.stderr)
    return 2


def _after_write(ctx: Context) -> None:
    """The daily backup rides on the first write of the day; it never fails the command."""
    till = ctx.opened
    if till is None:
        return
    try:
        settings = load_settings(ctx.home.config)
        if settings.backup.daily:
            daily_backup(ctx.home.db, ctx.home.backups, till.shop.today(), settings.backup.keep)
    except (Refused, OSError, sqlite3.Error) as exc:
        log.warning("daily backup skipped: %s", exc)
        print(say(f"warning: daily backup skipped ({exc})", f"警告：今日自动备份未完成（{exc}）"), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    as_json = "--json" in argv
    home = Home.resolve(None)
    try:
        args = build_parser().parse_args(argv)
        home = Home.resolve(getattr(args, "home", None))
        if not args.command:
            build_parser().print_help()
            return 0
        ctx = Context(home)
        try:
            out = run(args, ctx)
            if ctx.opened is not None:
                for notice in ctx.opened.notices:
                    print(notice, file=sys.stderr)
            name = args.command + (f" {args.action}" if getattr(args, "action", None) else "")
            if name not in READ_ONLY_COMMANDS:
                _after_write(ctx)
        finally:
            ctx.close()
        _emit(out, as_json)
        return 0
    except Refused as refused:
        return _refusal(refused, as_json)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`jifen report day | head`); the work itself is done.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return _refusal(Refused("bad_input", "the store is busy with another program; try again",
                                    "数据正被其他程序占用，请稍后重试"), as_json)
        return _unexpected(home, as_json)
    except Exception:
        return _unexpected(home, as_json)


def _unexpected(home: Home, as_json: bool) -> int:
    where = _log_to(home)
    log.exception("unexpected failure")
    message = say(f"unexpected failure; details are in {where}", f"发生意外错误，详情见 {where}")
    if as_json:
        print(json.dumps({"error": "internal", "message": message}, ensure_ascii=False))
    else:
        print(message, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
