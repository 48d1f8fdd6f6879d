"""The `jifen` console script, the one place the command line is put together: the core
commands of terminal/ plus those of the packages above it. With no command it starts the app;
`jifen demo` starts it on a demo store; `jifen --selftest` drives a checkout offscreen.
Qt is imported only to start the app."""

import sys
from argparse import Namespace

import printing.cli
import sync.cli
import sync.mall_cli
import ui.codes_cli
from terminal.cli.main import Extension, command_line, refusal, set_up_console
from terminal.cli.main import main as run_command
from terminal.cli.registry import CommandLine, Context, Output
from terminal.errors import Refused
from terminal.home import Home
from terminal.lang import follow_store
from ui.demo import has_display, no_display


def _demo_here(args: Namespace, ctx: Context) -> Output:
    raise Refused("bad_input", "start the demo with the jifen command", "请用 jifen 命令启动演示")


def _demo(cli: CommandLine) -> None:
    """`demo` is in the grammar so that the help lists it and the common options may come before it;
    its own options are read by ui.demo."""
    cli.command("demo", "start the app on a fresh demo store (jifen demo --help)", _demo_here, add_help=False)


EXTENSIONS: list[Extension] = [printing.cli.register, ui.codes_cli.register, sync.cli.register, sync.mall_cli.register,
                               _demo]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    set_up_console(argv)
    try:
        return _start(argv)
    finally:
        follow_store(None)  # the store's language was for this run only


def _start(argv: list[str]) -> int:
    try:
        args, extra = command_line(EXTENSIONS).parse_known(argv)
    except Refused:
        return run_command(argv, EXTENSIONS)  # the command line says what is wrong, in its usual way
    if args.selftest and args.command is None and not extra:
        from ui.selftest import run_selftest

        return run_selftest()
    if args.command == "demo":  # it speaks for itself, --json or not: it has no JSON to give
        from ui.demo import run_demo

        home = getattr(args, "home", None)
        return run_demo((["--home", home] if home else []) + extra)
    if args.command is None and not extra:
        if not has_display():
            return refusal(no_display("jifen"), bool(getattr(args, "json", False)))
        from ui.app import run_app

        return run_app(Home.resolve(getattr(args, "home", None)))
    return run_command(argv, EXTENSIONS)


if __name__ == "__main__":
    sys.exit(main())
