"""jifen command-line start-up benchmark: the wall time of whole `jifen` and `jifen-ledger` processes, as a shop's
script sees it (one process per sale), against the interpreter starting and doing nothing.

Prints figures only; nothing here passes or fails on a timing. See bench/README.md.

    .venv/bin/python bench/cli_bench.py                     # 20 runs of each command
    .venv/bin/python bench/cli_bench.py --quick             # 5 runs each, a smoke run
    .venv/bin/python bench/cli_bench.py --compare OTHER_DIR # the same, interleaved with another checkout's code
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import terminal
from terminal.bootstrap import init_store
from terminal.clock import Clock
from terminal.home import Home
from terminal.journal import Who

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import cpu_model, loadavg, percentile  # noqa: E402  (beside this file)

OWNER, PIN = "boss", "8888"
WARM_UP = 2  # runs of each command not counted: the first sale of the day also starts the daily backup
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


@dataclass(frozen=True)
class Command:
    key: str
    argv: list[str]

    def words(self, run: int) -> list[str]:
        return [word.replace("{phone}", phone(run)) for word in self.argv]


def phone(n: int) -> str:
    return f"139{n:08d}"


def commands(bin_dir: Path) -> list[Command]:
    jifen, ledger = str(bin_dir / "jifen"), str(bin_dir / "jifen-ledger")
    return [
        Command("python -c pass (baseline)", [sys.executable, "-c", "pass"]),
        Command("jifen --version", [jifen, "--version"]),
        Command("jifen --help", [jifen, "--help"]),
        Command("jifen member show", [jifen, "member", "show", phone(0)]),
        Command("jifen sale", [jifen, "sale", "--member", "{phone}", "--line", "general:19.90", "--cashier", OWNER]),
        Command("jifen report day", [jifen, "report", "day"]),
        Command("jifen-ledger --version", [ledger, "--version"]),
    ]


def make_store(root: Path, members: int) -> Home:
    """A small store made as `jifen init` makes it, with ``members`` members registered."""
    from terminal.services.members import register_member

    home = Home(root)
    till = init_store(home, store="静安店", terminal_id="T1", merchant="m1", timezone="Asia/Shanghai",
                      owner=OWNER, pin=PIN, clock=Clock.from_env())
    try:
        for n in range(members):
            register_member(till.uow(), till.shop, Who(OWNER), phone(n), f"会员{n}")
    finally:
        till.close()
    return home


def environment(home: Home) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("JIFEN_")}
    for name in LOCALE_VARIABLES:
        env.pop(name, None)
    return env | {"JIFEN_HOME": str(home.root), "JIFEN_PIN": PIN, "LANG": "C.UTF-8"}


def timed_run(argv: list[str], env: dict[str, str], cwd: Path) -> int:
    started = time.perf_counter_ns()
    done = subprocess.run(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    took = time.perf_counter_ns() - started
    if done.returncode != 0:
        raise SystemExit(f"{shlex.join(argv)} failed (exit {done.returncode}): {done.stderr.decode(errors='replace')}")
    return took


def sources(env: dict[str, str], other: str | None) -> dict[str, dict[str, str]]:
    """The code the commands run, by the folder it is in: this script's (the checkout installed, or the one
    $PYTHONPATH names), and ``other`` (another checkout's, put first on the path of the same console scripts)."""
    ours = {str(Path(terminal.__file__).resolve().parents[1]): env}
    return ours if other is None else ours | {str(Path(other).resolve()): env | {"PYTHONPATH": str(Path(other).resolve())}}


def measure(todo: list[Command], runs: int, envs: dict[str, dict[str, str]], cwd: Path) -> dict[str, dict[str, list[int]]]:
    """Round-robin, one run of every command on every source per round, so a noisy moment falls on all alike."""
    took: dict[str, dict[str, list[int]]] = {source: {command.key: [] for command in todo} for source in envs}
    for run in range(WARM_UP + runs):
        for command in todo:
            for source, env in envs.items():
                ns = timed_run(command.words(run), env, cwd)
                if run >= WARM_UP:
                    took[source][command.key].append(ns)
    return took


def figure_line(key: str, samples: list[int], base: list[int]) -> str:
    p50, p90 = percentile(samples, 50) / 1e6, percentile(samples, 90) / 1e6
    b50, b90 = percentile(base, 50) / 1e6, percentile(base, 90) / 1e6
    return (f"{key:<28} n={len(samples):<3} p50 {p50:7.1f} ms  p90 {p90:7.1f} ms  "
            f"x baseline: p50 {p50 / b50:5.1f}  p90 {p90 / b90:5.1f}  (+{p50 - b50:6.1f} ms at p50)")


def comparison_line(key: str, ours: list[int], theirs: list[int]) -> str:
    mine, other = percentile(ours, 50) / 1e6, percentile(theirs, 50) / 1e6
    return f"{key:<28} p50 {other:7.1f} ms there, {mine:7.1f} ms here: {other / mine:5.2f}x"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    parser = argparse.ArgumentParser(description="jifen command-line start-up benchmark (prints figures, asserts nothing)")
    parser.add_argument("--runs", type=int, default=0, help="timed runs of each command (default 20; 5 with --quick)")
    parser.add_argument("--quick", action="store_true", help="a smoke run")
    parser.add_argument("--compare", metavar="DIR", help="also run every command on the packages in DIR (another "
                        "checkout, e.g. from git archive), interleaved with this one's")
    args = parser.parse_args(argv[1:])
    runs = args.runs or (5 if args.quick else 20)
    print("jifen command-line start-up benchmark (figures only, nothing is pass/fail)")
    print(f"command: {shlex.join([sys.executable, *argv])}")
    print(f"machine: {os.cpu_count()} CPUs ({cpu_model()}), {platform.platform()}, Python {platform.python_version()}; "
          f"load average before: {loadavg()}")
    todo = commands(Path(sys.executable).parent)
    with tempfile.TemporaryDirectory(prefix="jifen-cli-bench-") as tmp:
        home = make_store(Path(tmp) / "store", WARM_UP + runs)  # a member of its own for each sale
        print(f"store: {home.root}, {WARM_UP + runs} members; {WARM_UP} warm-up rounds, then {runs} timed rounds")
        took = measure(todo, runs, sources(environment(home), args.compare), Path(tmp))
    for source, figures in took.items():
        print(f"\n   timed: a whole process, from start to exit, wall clock; code: {source}")
        for command in todo:
            print(figure_line(command.key, figures[command.key], figures[todo[0].key]))
    if args.compare:
        here, there = took.values()
        print(f"\n   compared: {args.compare} (there) against this script's code (here)")
        for command in todo:
            print(comparison_line(command.key, here[command.key], there[command.key]))
    print(f"\nload average after: {loadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
