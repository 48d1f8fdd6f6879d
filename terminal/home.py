"""The terminal's data folder and what lives in it."""

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path


def default_home() -> Path:
    if sys.platform == "win32":
        return _absolute_or(os.environ.get("LOCALAPPDATA"), Path.home() / "AppData" / "Local") / "jifen"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "jifen"
    return _absolute_or(os.environ.get("XDG_DATA_HOME"), Path.home() / ".local" / "share") / "jifen"


def user_temp_file(stem: str) -> Path:
    """``stem``.log in the temp folder, which every user shares, made this user's own by its uid: a message that
    names it never names another user's file. Windows gives each user a temp folder of their own, and no uid."""
    user = f"-{os.getuid()}" if hasattr(os, "getuid") else ""
    return Path(tempfile.gettempdir()) / f"{stem}{user}.log"


def _absolute_or(given: str | None, otherwise: Path) -> Path:
    """An empty or relative folder from the environment is ignored (as the XDG base directory spec says):
    the store would otherwise follow whatever folder the command happened to run in."""
    return Path(given) if given and os.path.isabs(given) else otherwise


@dataclass(frozen=True)
class Home:
    root: Path

    @classmethod
    def resolve(cls, given: str | None) -> "Home":
        chosen = given or os.environ.get("JIFEN_HOME")
        return cls(Path(chosen).expanduser().absolute() if chosen else default_home())

    @property
    def db(self) -> Path:
        return self.root / "jifen.db"

    @property
    def rules(self) -> Path:
        return self.root / "rules.toml"

    @property
    def config(self) -> Path:
        return self.root / "config.toml"

    @property
    def private_key(self) -> Path:
        return self.root / "keys" / "terminal.key"

    @property
    def public_key(self) -> Path:
        return self.root / "keys" / "terminal.pub"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def log(self) -> Path:
        return self.root / "jifen.log"
