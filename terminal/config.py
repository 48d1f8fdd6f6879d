"""The settings in ``config.toml`` the core needs: backups, and whether there is a receipt printer
(printing/, ui/ and sync/ read their own tables of the same file)."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from terminal.errors import Refused


@dataclass(frozen=True)
class BackupSettings:
    daily: bool = True
    keep: int = 14


@dataclass(frozen=True)
class Settings:
    backup: BackupSettings = BackupSettings()
    printer: bool = False  # a [printer] url is set: each sale and refund queues its receipt as it commits


def load_settings(path: Path) -> Settings:
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise Refused("bad_input", f"{path.name}: {exc}", f"{path.name}：{exc}") from None
    backup = data.get("backup", {})
    daily, keep = backup.get("daily", True), backup.get("keep", 14)
    if type(daily) is not bool:
        raise Refused("bad_input", f"{path.name}: backup.daily must be true or false", f"{path.name}：backup.daily 应为 true 或 false")
    if type(keep) is not int or not 1 <= keep <= 3650:
        raise Refused("bad_input", f"{path.name}: backup.keep must be 1 to 3650", f"{path.name}：backup.keep 应为 1 到 3650")
    printer = data.get("printer", {})
    return Settings(BackupSettings(daily, keep), isinstance(printer, dict) and bool(printer.get("url")))
