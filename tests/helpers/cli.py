"""Drive `jifen` as a user does: words in; stdout, stderr and the exit status out.

Most tests run the command line in-process through ``terminal.cli.main.main`` (fast); a few run
the installed console script in a real process. Every test gets its own copy of one store,
静安店 / T1, set up through the command line at 2026-03-01 10:00 Shanghai time, with staff
boss (owner, PIN 8888), amy (cashier, 1111) and max (manager, 2222).
"""

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ui.entry import main

JIFEN = Path(sys.executable).with_name("jifen")
MORNING = "2026-03-01T10:00:00+08:00"
PINS = {"boss": "8888", "amy": "1111", "max": "2222"}
CLEAN_ENV = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "JIFEN_NOW", "JIFEN_HOME", "JIFEN_PIN",
             "JIFEN_APPROVER_PIN", "JIFEN_NEW_PIN")


@dataclass(frozen=True)
class Run:
    """What the user saw."""

    argv: tuple[str, ...]
    status: int
    out: str
    err: str

    @property
    def json(self) -> dict[str, Any]:
        assert self.out.count("\n") == 1, f"expected one JSON line on stdout, got {self.out!r}"
        data = json.loads(self.out)
        assert isinstance(data, dict)
        return data

    def __str__(self) -> str:
        return f"jifen {' '.join(self.argv)} → exit {self.status}\nstdout: {self.out!r}\nstderr: {self.err!r}"


class Jifen:
    """The command line on one store folder, with the clock and the locale under the test's control."""

    def __init__(self, home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        self.home = home
        self.now: str | None = MORNING  # None: the computer's clock
        self._monkeypatch = monkeypatch
        self._capsys = capsys

    @property
    def db(self) -> Path:
        return self.home / "jifen.db"

    @property
    def rules_file(self) -> Path:
        return self.home / "rules.toml"

    def __call__(self, *words: str, by: str | None = None, approver: str | None = None,
                 env: Mapping[str, str | None] | None = None) -> Run:
        """Run ``jifen WORDS``; ``by`` adds --cashier with that person's PIN, ``approver`` likewise."""
        argv = list(words)
        # In-process, today's backup is made before the command returns (as JIFEN_BACKUP_WAIT asks), so the tests
        # see it; the installed command in a real process makes it in a process of its own (test_cli_daily_backup).
        settings: dict[str, str | None] = {"JIFEN_HOME": str(self.home), "JIFEN_NOW": self.now, "JIFEN_BACKUP_WAIT": "1"}
        if by is not None:
            argv += ["--cashier", by]
            settings["JIFEN_PIN"] = PINS[by]
        if approver is not None:
            argv += ["--approver", approver]
            settings["JIFEN_APPROVER_PIN"] = PINS[approver]
        settings.update(env or {})
        self._capsys.readouterr()
        with self._monkeypatch.context() as patch:
            for name, value in settings.items():
                if value is None:
                    patch.delenv(name, raising=False)
                else:
                    patch.setenv(name, value)
            status = main(argv)
        seen = self._capsys.readouterr()
        return Run(tuple(argv), status, seen.out, seen.err)

    def ok(self, *words: str, **how: Any) -> dict[str, Any]:
        """Run with --json; the command must succeed. Returns its JSON object."""
        run = self(*words, "--json", **how)
        assert run.status == 0, str(run)
        return run.json

    def refused(self, *words: str, **how: Any) -> str:
        """Run with --json; the command must be refused (exit 2, the error object on stdout). Returns the code."""
        run = self(*words, "--json", **how)
        assert run.status == 2, str(run)
        assert set(run.json) == {"error", "message"}, str(run)
        assert run.json["message"], str(run)
        return str(run.json["error"])

    def member(self, phone: str, *more: str) -> str:
        """Register a member (amy at the till); returns the member id."""
        return str(self.ok("member", "add", "--phone", phone, *more, by="amy")["id"])

    def balance(self, who: str) -> int:
        return int(self.ok("member", "show", who)["balance"])

    def entries(self) -> int:
        """How many journal entries the store holds (and the chain must be intact)."""
        verdict = self.ok("journal", "verify")
        assert verdict["ok"], verdict
        return int(verdict["entries"])

    def dump(self) -> list[str]:
        """Everything stored, as SQL; a refused command must leave it as it was."""
        with sqlite3.connect(self.db) as conn:
            return list(conn.iterdump())

    def query(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        """Look into (or, for a test of tampering, change) the database behind the program's back."""
        conn = sqlite3.connect(self.db)
        try:
            rows = conn.execute(sql, params).fetchall()
            conn.commit()
            return rows
        finally:
            conn.close()

    def journal_payloads(self, kind: str) -> list[dict[str, Any]]:
        return [json.loads(p) for (p,) in self.query("SELECT payload FROM journal WHERE kind = ? ORDER BY seq", kind)]

    def set_rule(self, line: str) -> None:
        """Change one top-level setting in the store's rules.toml, e.g. ``signup_bonus = 300``."""
        key = line.split("=")[0].strip()
        text = self.rules_file.read_text(encoding="utf-8")
        lines = text.splitlines()
        where = next((i for i, old in enumerate(lines) if old.split("=")[0].strip() == key), None)
        if where is None:
            lines.insert(0, line)  # before the first table, so it stays a top-level setting
        else:
            lines[where] = line
        self.rules_file.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_jifen(*words: str, env: Mapping[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The installed console script in a real process, with a clean environment plus ``env``."""
    base = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    return subprocess.run([str(JIFEN), *words], env={**base, **env}, input=stdin, capture_output=True,
                          text=True, encoding="utf-8", timeout=60, check=False)


def _set_up_store(home: Path) -> None:
    """静安店 / T1 with three staff, made through the command line itself."""
    steps = [
        (["init", "--store", "静安店", "--terminal", "T1", "--merchant", "m1", "--owner", "boss"], PINS["boss"]),
        (["cashier", "add", "amy", "--role", "cashier", "--cashier", "boss"], PINS["amy"]),
        (["cashier", "add", "max", "--role", "manager", "--cashier", "boss"], PINS["max"]),
    ]
    with pytest.MonkeyPatch.context() as patch:
        for name in CLEAN_ENV:
            patch.delenv(name, raising=False)
        # A PIN is stored as a scrypt hash that carries its own cost. The staff of this template
        # get cheap hashes so that the tests' many PIN checks stay fast; the checks still run the
        # product's code unchanged. (The tests of `jifen init` pay the real cost.)
        patch.setattr("terminal.pins._N", 2**4)
        patch.setenv("JIFEN_HOME", str(home))
        patch.setenv("JIFEN_NOW", MORNING)
        patch.setenv("JIFEN_BACKUP_WAIT", "1")  # no backup process left writing into the template
        patch.setenv("JIFEN_PIN", PINS["boss"])
        for argv, new_pin in steps:
            patch.setenv("JIFEN_NEW_PIN", new_pin)
            assert main(argv) == 0, argv
    shutil.rmtree(home / "backups", ignore_errors=True)


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("template") / "store"
    _set_up_store(home)
    return home


@pytest.fixture
def jifen(template_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
          capsys: pytest.CaptureFixture[str]) -> Iterator[Jifen]:
    """The command line on a fresh copy of the store; ``jifen.now`` is the clock ($JIFEN_NOW)."""
    home = tmp_path / "store"
    shutil.copytree(template_store, home)
    logger = logging.getLogger("jifen")
    handlers = list(logger.handlers)
    yield Jifen(home, monkeypatch, capsys)
    for handler in logger.handlers[len(handlers):]:  # main() adds a log file on a failure
        logger.removeHandler(handler)
        handler.close()
