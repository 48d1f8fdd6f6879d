"""The version of jifen that is installed, for `--version` and the installer's upgrade stamps."""

import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

VERSION_FILE = "jifen-version.txt"  # in the bundle, written by installer/build-linux.sh


def installed_version() -> str:
    try:
        return version("jifen")
    except PackageNotFoundError:  # run from a source folder that was never installed
        return "0+unknown"


def running_version() -> str:
    """The bundle's own version (its version file) when frozen, else the installed package's: a bundle may be
    packaged again under a new version without rebuilding its package metadata."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        try:
            return (Path(bundle) / VERSION_FILE).read_text(encoding="utf-8").strip()
        except OSError:
            pass
    return installed_version()
