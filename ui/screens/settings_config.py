"""Changing config.toml without disturbing it: only the keys asked for change, in place; other
tables, keys and the owner's comments stay as they were. The result is read back before it
replaces the file: it must parse, hold the new values, and leave everything else equal. If the
file is laid out in a way this careful edit cannot follow, it is written out afresh instead
(comments are lost then, values never)."""

import json
import re
import tomllib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from terminal.errors import Refused
from terminal.files import write_atomically

Value = str | int | bool | None  # None: remove the key
_HEADER = re.compile(r"^\s*\[")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def toml_value(value: str | bool | float | date | list[Any]) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    # A JSON string is a TOML basic string, except that TOML wants DEL escaped as well.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else toml_value(name)


def _table_span(lines: list[str], table: str) -> tuple[int, int] | None:
    """The lines of ``[table]``: from its header to the next header (or the end)."""
    header = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\]\s*(#.*)?$")
    start = next((i for i, line in enumerate(lines) if header.match(line)), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines)) if _HEADER.match(lines[i])), len(lines))
    return start, end


def edited(text: str, table: str, values: Mapping[str, Value]) -> str:
    """``text`` with ``values`` set in ``[table]``, line by line."""
    lines = text.splitlines()
    span = _table_span(lines, table)
    if span is None:
        fresh = [f"{_key(k)} = {toml_value(v)}" for k, v in values.items() if v is not None]
        if not fresh:
            return text
        gap = [""] if lines and lines[-1].strip() else []
        return "\n".join([*lines, *gap, f"[{table}]", *fresh]) + "\n"
    start, end = span
    body = lines[start + 1:end]
    for name, value in values.items():
        pattern = re.compile(rf"^\s*{re.escape(_key(name))}\s*=")
        at = next((i for i, line in enumerate(body) if pattern.match(line)), None)
        if value is None:
            if at is not None:
                del body[at]
            continue
        line = f"{_key(name)} = {toml_value(value)}"
        if at is not None:
            body[at] = line
        else:
            last = max((i for i, existing in enumerate(body) if existing.strip()), default=-1)
            body.insert(last + 1, line)
    return "\n".join([*lines[:start + 1], *body, *lines[end:]]) + "\n"


def rendered(data: Mapping[str, Any]) -> str:
    """A whole TOML document from nested tables of plain values (the fallback)."""
    out: list[str] = []
    plain = {k: v for k, v in data.items() if not isinstance(v, dict)}
    out += [f"{_key(k)} = {toml_value(v)}" for k, v in plain.items()]

    def tables(prefix: str, table: Mapping[str, Any]) -> None:
        values = {k: v for k, v in table.items() if not isinstance(v, dict)}
        if out:
            out.append("")
        out.append(f"[{prefix}]")
        out.extend(f"{_key(k)} = {toml_value(v)}" for k, v in values.items())
        for k, v in table.items():
            if isinstance(v, dict):
                tables(f"{prefix}.{_key(k)}", v)

    for k, v in data.items():
        if isinstance(v, dict):
            tables(_key(k), v)
    return "\n".join(out) + "\n"


def _wanted(before: dict[str, Any], table: str, values: Mapping[str, Value]) -> dict[str, Any]:
    after = {k: dict(v) if isinstance(v, dict) else v for k, v in before.items()}
    section = after.setdefault(table, {})
    for name, value in values.items():
        if value is None:
            section.pop(name, None)
        else:
            section[name] = value
    if not section and table not in before:
        del after[table]
    return after


def read_config(path: Path) -> tuple[str, dict[str, Any]]:
    if not path.exists():
        return "", {}
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad's BOM; the file is written back without one
        return text, tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise Refused("bad_input", f"{path.name} cannot be read ({exc}); fix or remove it, then save again",
                      f"无法读取 {path.name}（{exc}）；请修正或删除后再保存") from None


def update_config(path: Path, table: str, values: Mapping[str, Value]) -> None:
    """Set ``values`` in ``[table]`` of the config file, keeping everything else."""
    text, before = read_config(path)
    wanted = _wanted(before, table, values)
    candidate = edited(text, table, values)
    try:
        ok = tomllib.loads(candidate) == wanted
    except tomllib.TOMLDecodeError:
        ok = False
    if not ok:
        candidate = rendered(wanted)
        try:
            ok = tomllib.loads(candidate) == wanted
        except tomllib.TOMLDecodeError:
            ok = False
    if not ok:
        raise Refused("bad_input", f"{path.name} is laid out in a way that cannot be changed safely; "
                                   f"set [{table}] in it by hand", f"{path.name} 的格式无法安全修改；请手动修改其中的 [{table}]")
    try:
        write_atomically(path, candidate.encode("utf-8"))
    except OSError as exc:
        raise Refused("bad_input", f"{path} cannot be written ({exc.strerror or exc})",
                      f"无法写入 {path}（{exc.strerror or exc}）") from None
