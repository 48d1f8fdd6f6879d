"""The files around the bundle, checked with the tools that read them: the systemd unit, the desktop
entry, the package scripts, the Windows installer script (compiled by makensis) and the CI workflow."""

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.installer import INSTALLER, ROOT

UNIT = INSTALLER / "jifen-ledger.service"


def unit_sections() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(UNIT, encoding="utf-8")
    return parser


def test_the_ledger_unit_runs_the_installed_ledger_on_loopback() -> None:
    unit = unit_sections()
    assert unit["Service"]["ExecStart"].startswith("/usr/bin/jifen-ledger serve --host ${JIFEN_LEDGER_HOST}")
    assert "JIFEN_LEDGER_HOST=127.0.0.1" in UNIT.read_text(encoding="utf-8")
    assert unit["Service"]["EnvironmentFile"] == "-/etc/jifen/ledger.env"
    assert unit["Service"]["DynamicUser"] == "yes" and unit["Service"]["StateDirectory"] == "jifen-ledger"
    assert unit["Install"]["WantedBy"] == "multi-user.target"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_ledger_unit(tmp_path: Path) -> None:
    """verify wants the program to exist: a stand-in takes /usr/bin/jifen-ledger's place."""
    stand_in = tmp_path / "jifen-ledger"
    stand_in.write_text("#!/bin/sh\nexit 0\n")
    stand_in.chmod(0o755)
    unit = tmp_path / "jifen-ledger.service"
    unit.write_text(UNIT.read_text(encoding="utf-8").replace("/usr/bin/jifen-ledger", str(stand_in)), encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", str(unit)], check=False, capture_output=True, text=True, timeout=60)
    complaints = [line for line in (result.stdout + result.stderr).splitlines() if "jifen-ledger" in line]
    assert result.returncode == 0 and complaints == [], result.stdout + result.stderr

    broken = tmp_path / "broken.service"
    broken.write_text(unit.read_text(encoding="utf-8").replace("Type=exec", "Type=sometimes"), encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", str(broken)], check=False, capture_output=True, text=True, timeout=60)
    assert "service type" in result.stderr  # the check above would have seen a mistake


def test_the_desktop_entry_starts_jifen_with_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(INSTALLER / "jifen.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "/usr/bin/jifen" and desktop["Icon"] == "jifen" and desktop["Type"] == "Application"
    assert desktop["Name[zh_CN]"] == "积分收银"
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(INSTALLER / "jifen.desktop")],
                                check=False, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and result.stdout.strip() == "", result.stdout


@pytest.mark.parametrize("script", ["installer/debian/postinst", "installer/debian/postrm", "installer/build-linux.sh"])
def test_shell_scripts_parse(script: str) -> None:
    path = ROOT / script
    shell = "bash" if script.endswith(".sh") else "sh"
    assert path.stat().st_mode & 0o111, f"{script} is not executable"
    subprocess.run([shell, "-n", str(path)], check=True, timeout=60)


def test_the_package_scripts_never_delete_stores() -> None:
    for name in ("postinst", "postrm"):
        text = (INSTALLER / "debian" / name).read_text(encoding="utf-8")
        assert "rm " not in text and ".local/share" not in text.replace("~/.local/share/jifen or", "")


def test_the_icon_is_drawn(tmp_path: Path) -> None:
    from PIL import Image

    from tests.installer import load_installer_module

    load_installer_module("icon").write(tmp_path / "jifen.png", tmp_path / "jifen.ico")
    with Image.open(tmp_path / "jifen.png") as png:
        assert png.size == (256, 256)
    with Image.open(tmp_path / "jifen.ico") as ico:
        assert (48, 48) in ico.info["sizes"]


@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis is not installed (apt-get install nsis)")
def test_the_windows_installer_script_compiles(tmp_path: Path) -> None:
    """makensis builds the real installer around a stand-in bundle, warnings counted as errors."""
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    for name in ("jifen.exe", "jifenw.exe", "jifen-ledger.exe", "_internal/jifen-version.txt"):
        (bundle / name).write_text("stand-in\n")
    runtime = tmp_path / "vc_redist.x64.exe"
    runtime.write_text("stand-in\n")
    from tests.installer import load_installer_module

    load_installer_module("icon").write(tmp_path / "jifen.png", tmp_path / "jifen.ico")
    setup = tmp_path / "jifen-setup.exe"
    result = subprocess.run(
        ["makensis", "-V2", "-WX", "-DVERSION=1.2.3", f"-DBUNDLE={bundle}", f"-DOUTFILE={setup}",
         f"-DICON={tmp_path / 'jifen.ico'}", f"-DVCREDIST={runtime}", f"-DVCREDIST2013={runtime}",
         str(INSTALLER / "jifen.nsi")],
        check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert setup.read_bytes()[:2] == b"MZ"
    result = subprocess.run(["makensis", "-V1", "-DBUNDLE=x", str(INSTALLER / "jifen.nsi")],
                            check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "VERSION" in result.stdout + result.stderr


def test_the_windows_installer_keeps_the_store_and_speaks_both_languages() -> None:
    script = (INSTALLER / "jifen.nsi").read_text(encoding="utf-8")
    assert '!insertmacro MUI_LANGUAGE "SimpChinese"' in script and '!insertmacro MUI_LANGUAGE "English"' in script
    assert 'CreateShortcut "$DESKTOP\\' in script and 'CreateShortcut "$SMPROGRAMS\\jifen\\' in script
    assert "SetShellVarContext all" in script and '"$APPDATA\\jifen"' in script  # %PROGRAMDATA%\jifen
    for folder in ("jifen", "jifen-ledger"):  # the store and the ledger's default file: every account writes them
        assert f"icacls \"$APPDATA\\{folder}\" /grant *S-1-5-32-545:(OI)(CI)M" in script
    assert "/REMOVEDATA" in script and "/SD IDNO" in script  # a silent uninstall keeps the store


def test_the_finish_page_starts_the_app_as_the_signed_in_user_not_elevated() -> None:
    """The installer runs elevated; explorer.exe starts the app un-elevated, so the folders it makes in the shared
    store (backups\\) are not the administrator's alone."""
    script = (INSTALLER / "jifen.nsi").read_text(encoding="utf-8")
    assert "!define MUI_FINISHPAGE_RUN_FUNCTION RunAppUnelevated" in script
    assert 'Exec \'"$WINDIR\\explorer.exe" "$INSTDIR\\jifenw.exe"\'' in script
    assert '!define MUI_FINISHPAGE_RUN "' not in script


def test_the_windows_workflow_builds_the_spec_and_the_installer() -> None:
    import yaml

    workflow = yaml.safe_load((ROOT / ".github/workflows/windows-installer.yml").read_text(encoding="utf-8"))
    job = next(iter(workflow["jobs"].values()))
    assert job["runs-on"].startswith("windows")
    steps = "\n".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in job["steps"]).replace("\\", "/")
    for needed in ("installer/jifen.spec", "installer/jifen.nsi", "makensis", "vc_redist.x64.exe", "--selftest"):
        assert needed in steps, needed
