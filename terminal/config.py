"""``config.toml`` in the store folder: the one reader of the file (``read_config``), which refuses a table or a
setting this version does not know, and the settings the core needs: backups, and whether there is a receipt printer
(printing/ and ui/ check the values of their own tables)."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from terminal.errors import Refused
from terminal.toml_file import Unreadable, read_toml

# Every table and setting any part of the till reads. A name not here was never read: a typo, refused rather than
# silently ignored. (No version has dropped a setting yet; one dropped later stays here, read and ignored.)
TABLES: dict[str, tuple[str, ...]] = {
    "backup": ("daily", "keep"),
    "printer": ("url", "profile", "chinese", "charset", "language", "drawer", "footer", "confirm",
                "answer_timeout_ms", "preview_font"),
    "app": ("language", "text_size"),
    "camera": ("source", "decoder"),
}
Config = dict[str, dict[str, Any]]
TEXT_SIZES = (100, 125, 150)  # [app] text_size: the app's text, in percent of its usual size


@dataclass(frozen=True)
class BackupSettings:
    daily: bool = True
    keep: int = 14


@dataclass(frozen=True)
class Settings:
    backup: BackupSettings = BackupSettings()
    printer: bool = False  # a [printer] url is set: each sale and refund queues its receipt as it commits


def _parsed(path: Path) -> dict[str, Any]:
    try:
        return read_toml(path)
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except OSError as exc:
        raise Refused("bad_input", f"{path.name}: {exc}", f"{path.name}：{exc}") from None
    except Unreadable as exc:
        raise Refused("bad_input", f"{path.name} {exc.en}", f"{path.name} {exc.zh}") from None


def _tables_en() -> str:
    return ", ".join(f"[{name}]" for name in TABLES)


def _tables_zh() -> str:
    return "、".join(f"[{name}]" for name in TABLES)


def _check_names(path: Path, data: dict[str, Any]) -> None:
    """Refuse the first table or setting in ``data`` that this version does not know, in one line."""
    for table, values in data.items():
        if table not in TABLES and not isinstance(values, dict):
            raise Refused("bad_input", f'{path.name}: the setting "{table}" is in no table (tables: {_tables_en()})',
                           f'{path.name}：设置项 "{table}" 不在任何表中（可用的表：{_tables_zh()}）')
        if table not in TABLES:
            raise Refused("bad_input", f"{path.name}: there is no table [{table}] (known: {_tables_en()})",
                           f"{path.name}：没有 [{table}] 这个表（可用：{_tables_zh()}）")
        if not isinstance(values, dict):
            raise Refused("bad_input", f"{path.name}: [{table}] must be a table", f"{path.name}：[{table}] 应为表")
        known = TABLES[table]
        for key in values:
            if key not in known:
                raise Refused("bad_input", f'{path.name}: [{table}] has no setting "{key}" (known: {", ".join(known)})',
                               f'{path.name}：[{table}] 没有设置项 "{key}"（可用：{"、".join(known)}）')


def read_config(path: Path) -> Config:
    """The tables of config.toml (none without the file); refused when it cannot be read, or when it names a table
    or a setting this version does not know."""
    data = _parsed(path)
    _check_names(path, data)
    return data


def check_config_names(path: Path) -> None:
    """Refuse a config.toml that names a table or setting this version does not know. A file that cannot be read
    is left to the loaders: a sale is still recorded, its receipt waiting until the file is mended."""
    try:
        data = _parsed(path)
    except Refused:
        return
    _check_names(path, data)


def load_settings(path: Path) -> Settings:
    data = read_config(path)
    backup = data.get("backup", {})
    daily, keep = backup.get("daily", True), backup.get("keep", 14)
    if type(daily) is not bool:
        raise Refused("bad_input", f"{path.name}: backup.daily must be true or false", f"{path.name}：backup.daily 应为 true 或 false")
    if type(keep) is not int or not 1 <= keep <= 3650:
        raise Refused("bad_input", f"{path.name}: backup.keep must be 1 to 3650", f"{path.name}：backup.keep 应为 1 到 3650")
    return Settings(BackupSettings(daily, keep), bool(data.get("printer", {}).get("url")))


def app_text_size(path: Path) -> int:
    """``[app] text_size`` of config.toml: 100, 125 or 150 (percent; 100 when unset); refused otherwise."""
    size = read_config(path).get("app", {}).get("text_size", 100)
    if type(size) is not int or size not in TEXT_SIZES:
        raise Refused("bad_input", f"{path.name}: app.text_size must be 100, 125 or 150",
                      f"{path.name}：app.text_size 应为 100、125 或 150")
    return int(size)


def store_language(path: Path) -> str | None:
    """``[app] language`` of config.toml ('zh', 'en' or 'auto'), None when unset or the file cannot be read (its
    reader says why)."""
    try:
        language = _parsed(path).get("app", {}).get("language")
    except (Refused, AttributeError, ValueError):  # ValueError: a NUL in the folder's name
        return None
    return language if isinstance(language, str) else None
