"""The version of jifen that is installed, for `--version` and the installer's upgrade stamps."""

from importlib.metadata import PackageNotFoundError, version


def installed_version() -> str:
    try:
        return version("jifen")
    except PackageNotFoundError:  # run from a source folder that was never installed
        return "0+unknown"
