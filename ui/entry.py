"""The `jifen` console script, the one place the command line is put together: the core
commands of terminal/ plus those of the packages above it. Qt is imported only to start the app."""

import sys

import printing.cli
import sync.cli
import ui.codes_cli
from terminal.cli.main import Extension
from terminal.cli.main import main as run_command

EXTENSIONS: list[Extension] = [printing.cli.register, ui.codes_cli.register, sync.cli.register]


def main(argv: list[str] | None = None) -> int:
    return run_command(sys.argv[1:] if argv is None else argv, EXTENSIONS)


if __name__ == "__main__":
    sys.exit(main())
