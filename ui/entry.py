"""The `jifen` console script, the one place the command line is put together: the core
commands of terminal/ plus those of the packages above it. With no command it starts the app;
`jifen demo` starts it on a demo store; `jifen --selftest` drives a checkout offscreen.
Qt is imported only to start the app."""

import sys

import printing.cli
import sync.cli
import sync.mall_cli
import ui.codes_cli
from terminal.cli.main import Extension, command_line
from terminal.cli.main import main as run_command
from terminal.errors import Refused
from terminal.home import Home

EXTENSIONS: list[Extension] = [printing.cli.register, ui.codes_cli.register, sync.cli.register, sync.mall_cli.register]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--selftest" in argv:
        from ui.selftest import run_selftest

        return run_selftest()
    if argv[:1] == ["demo"]:
        from ui.demo import run_demo

        return run_demo(argv[1:])
    try:
        args = command_line(EXTENSIONS).parse(argv)
    except Refused:
        return run_command(argv, EXTENSIONS)  # the command line says what is wrong, in its usual way
    if args.command is None and "-h" not in argv and "--help" not in argv:
        from ui.app import run_app

        return run_app(Home.resolve(getattr(args, "home", None)))
    return run_command(argv, EXTENSIONS)


if __name__ == "__main__":
    sys.exit(main())
