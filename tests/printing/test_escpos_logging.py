"""python-escpos 3.1 calls logging.basicConfig() on import and logs through the root logger's module
functions; through printing/ it must not take over the application's logging. Each check runs in a
fresh interpreter, since the import happens once per process."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=False)


def test_importing_python_escpos_directly_would_configure_the_root_logger() -> None:
    """The hazard itself, so the next test means something."""
    done = _run("""
        import logging
        import escpos.printer
        print(len(logging.getLogger().handlers))
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"


def test_through_printing_the_application_keeps_its_logging() -> None:
    done = _run("""
        import logging, os
        from printing import escpos_lib
        from printing.profiles import find_profile
        from printing.connections import EscposDeviceConnection
        from printing.printer_url import parse_printer_url
        from printing.problems import PrintProblem

        app = logging.getLogger("jifen")
        print(find_profile("TM-T20II").columns)
        connection = EscposDeviceConnection(parse_printer_url("usb://0416:5011"), 1.0)
        try:
            connection.open()  # python-escpos's USB class runs, with no printer plugged in
        except PrintProblem as problem:
            print(problem.code)
        from escpos import capabilities
        logging.getLogger("escpos.capabilities").warning("a library warning")
        logging.getLogger("some.library").info("chatter")
        print(len(logging.getLogger().handlers), os.path.exists(capabilities.pickle_dir))
    """)
    assert done.returncode == 0, done.stderr
    columns, code, root_handlers, pickles_left = done.stdout.split()
    assert code in ("unreachable", "bad_printer")  # bad_printer on a computer without libusb
    assert (columns, root_handlers, pickles_left) == ("48", "0", "False")
    assert "chatter" not in done.stderr  # the root logger was not set to print INFO and below to the console
