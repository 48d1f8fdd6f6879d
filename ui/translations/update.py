"""Rebuild the app's translations from the sources: ``python -m ui.translations.update``.

lupdate reads every ``tr()`` / ``QCoreApplication.translate()`` in ``ui/**/*.py`` into
``jifen_zh_CN.ts`` (all strings, for Chinese) and ``jifen_en.ts`` (plural forms only, so English
says "1 point" and "2 points"); strings that vanished from the sources are dropped, translations
already made are kept. lrelease then compiles both to ``.qm``, which are committed so that a fresh
checkout runs without the Qt tools.

New strings arrive unfinished: translate them in Qt Linguist (``pyside6-linguist
ui/translations/jifen_zh_CN.ts``), mark them done, and run this again. ``--check`` only reports:
it exits 1 when a string is untranslated, unfinished or missing from the ``.ts`` files.
"""

import argparse
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import PySide6

HERE = Path(__file__).resolve().parent
UI = HERE.parent
LANGUAGES = {"jifen_zh_CN": "zh_CN", "jifen_en": "en"}  # file stem: target language
PLURAL_ONLY = {"jifen_en"}


def tool(name: str) -> str:
    """PySide6's own lupdate / lrelease, whichever virtualenv runs this."""
    folder = Path(PySide6.__file__).parent
    for candidate in (folder / name, folder / f"{name}.exe", folder / "Qt" / "libexec" / name):
        if candidate.exists():
            return str(candidate)
    return f"pyside6-{name}"


def sources() -> list[Path]:
    """Every Python file of the app, in a stable order (the translations folder has no strings)."""
    return sorted(path for path in UI.rglob("*.py") if HERE not in path.parents and "__pycache__" not in path.parts)


def lupdate(ts: Path, language: str, plural_only: bool = False) -> None:
    """Bring ``ts`` up to date with the sources (created if missing)."""
    command = [tool("lupdate"), *map(str, sources()), "-source-language", "en", "-target-language", language,
               "-no-obsolete", "-locations", "relative", "-silent"]
    if plural_only:
        command.append("-pluralonly")
    subprocess.run([*command, "-ts", str(ts)], check=True, capture_output=True, text=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True, capture_output=True, text=True)


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    numerus: bool
    translations: tuple[str, ...]  # one, or one per plural form
    state: str  # "" when finished, else "unfinished", "vanished", "obsolete"


def read_ts(ts: Path) -> list[Message]:
    messages = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"{ts.name}: a message without a translation element"
            forms = translation.findall("numerusform")
            texts = tuple(form.text or "" for form in forms) if forms else (translation.text or "",)
            messages.append(Message(name, message.findtext("source", ""), message.findtext("comment", ""),
                                    message.get("numerus") == "yes", texts, translation.get("type", "")))
    return messages


def problems() -> list[str]:
    """What keeps the committed .ts files from matching the sources, fully translated; [] when all is well."""
    found: list[str] = []
    with tempfile.TemporaryDirectory(prefix="jifen-ts-") as folder:
        for stem, language in LANGUAGES.items():
            committed = HERE / f"{stem}.ts"
            if not committed.exists():
                found.append(f"{committed.name} is missing")
                continue
            fresh = Path(folder) / f"{stem}.ts"
            lupdate(fresh, language, stem in PLURAL_ONLY)
            keys = {(m.context, m.source, m.comment, m.numerus) for m in read_ts(fresh)}
            ours = {(m.context, m.source, m.comment, m.numerus): m for m in read_ts(committed)}
            for key in sorted(keys - ours.keys()):
                found.append(f"{committed.name}: missing [{key[0]}] {key[1]!r} — run python -m ui.translations.update")
            for key in sorted(ours.keys() - keys):
                found.append(f"{committed.name}: no longer in the sources [{key[0]}] {key[1]!r}")
            for key, message in sorted(ours.items()):
                if message.state:
                    found.append(f"{committed.name}: {message.state} [{key[0]}] {key[1]!r}")
                elif not all(text.strip() for text in message.translations):
                    found.append(f"{committed.name}: untranslated [{key[0]}] {key[1]!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report what is missing or unfinished; change nothing")
    args = parser.parse_args(argv)
    if not args.check:
        for stem, language in LANGUAGES.items():
            ts = HERE / f"{stem}.ts"
            lupdate(ts, language, stem in PLURAL_ONLY)
            lrelease(ts, HERE / f"{stem}.qm")
            messages = read_ts(ts)
            done = sum(1 for m in messages if not m.state and all(t.strip() for t in m.translations))
            print(f"{ts.name}: {done} of {len(messages)} strings translated")
    found = problems()
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
