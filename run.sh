#!/usr/bin/env bash
# jifen developer entry point; safe to run again and again.
#   ./run.sh demo            set everything up, then open the app on a demo store (jifen demo);
#                            with no display, walk through a day at the counter and run the self-test
#   ./run.sh test [ARGS...]  set everything up (with what the tests need), then run the whole test suite
#                            over every core (ARGS go to pytest instead)
set -euo pipefail
cd "$(dirname "$0")"

# Debian/Ubuntu packages the app needs: a CJK font for receipts and the app, libzbar for the pyzbar
# decoder, what Qt loads. The tests also need PostgreSQL (the ledger tests), what the installer
# tests check their output with (makensis, systemd-analyze), and capsh (libcap2-bin: as root, the
# tests of another user's store drop the capabilities that bypass permission bits).
SYSTEM_PACKAGES=(fonts-noto-cjk libzbar0 libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3
                 libglib2.0-0 libxcb-icccm4 libxcb-keysyms1)
TEST_PACKAGES=(postgresql nsis systemd libcap2-bin)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

pick_python() {
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return
        fi
    done
    echo "jifen needs Python 3.11 or newer; install it (apt-get install python3) and run this again" >&2
    exit 1
}

install_system_packages() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then return; fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "please install these system packages, then run this again: ${missing[*]}" >&2
        exit 1
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo="sudo"
        else
            echo "please install these system packages (as root), then run this again: ${missing[*]}" >&2
            exit 1
        fi
    fi
    say "installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

setup() {
    local python
    python=$(pick_python)
    local packages=("${SYSTEM_PACKAGES[@]}" "$@")
    if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
        packages+=("python3-venv")
    fi
    if [ ${#packages[@]} -gt 0 ]; then install_system_packages "${packages[@]}"; fi
    if [ ! -x .venv/bin/python ]; then
        say "creating the virtual environment in .venv"
        "$python" -m venv .venv
    fi
    local stamp
    stamp=$(sha256sum pyproject.toml | cut -d' ' -f1)
    if [ "$(cat .venv/.install-stamp 2>/dev/null)" != "$stamp" ]; then
        say "installing jifen and its dependencies into .venv"
        if ! { .venv/bin/python -m pip install --upgrade pip &&
               .venv/bin/python -m pip install -e '.[test]'; } >.venv/install.log 2>&1; then
            tail -n 30 .venv/install.log >&2
            echo "installing failed; the whole log is in .venv/install.log" >&2
            exit 1
        fi
        echo "$stamp" > .venv/.install-stamp
    fi
}

case "${1:-}" in
    demo)
        setup
        if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
            exec .venv/bin/jifen demo
        fi
        say "no display: a day at the counter on the command line, then the app's self-test offscreen"
        env PATH="$PWD/.venv/bin:$PATH" bash scripts/counter-day.sh
        exec env QT_QPA_PLATFORM=offscreen .venv/bin/jifen --selftest
        ;;
    test)
        shift
        setup "${TEST_PACKAGES[@]}"
        # The whole suite spreads its files over the cores (most tests wait on processes, sockets and
        # timers); one test file's tests stay on one worker, as the module fixtures expect.
        if [ $# -eq 0 ]; then set -- --numprocesses auto --dist loadfile --durations 25; fi
        exec .venv/bin/python -m pytest "$@"
        ;;
    *)
        sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
