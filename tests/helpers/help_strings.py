"""Every description and option help a command line's `--help` can show, to check each has its Chinese."""

import argparse
from collections.abc import Iterator


def parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """The parser and every sub-command's, each once."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from parsers(sub)


def help_strings(parser: argparse.ArgumentParser) -> Iterator[tuple[str, str]]:
    """(command, text) for every description and help the parser's `--help` pages can show."""
    for each in parsers(parser):
        if each.description:
            yield each.prog, each.description
        for action in each._actions:
            if action.help and action.help != argparse.SUPPRESS:
                yield each.prog, action.help
            if isinstance(action, argparse._SubParsersAction):
                yield from ((each.prog, word.help) for word in action._choices_actions if word.help)
