"""The Qt binding must not drop references to None and True: PySide6 6.12.0 on Python 3.11 lost one at each
signal emitted from Python and each Qt call returning nothing, and the app died ("bool_dealloc", "none_dealloc")
after a few thousand, in a busy day at the counter. Run in a process of its own, which such a binding kills."""

import subprocess
import sys
import textwrap

CALLS = 20_000

SCRIPT = textwrap.dedent(f"""
    import sys
    from PySide6 import QtCore, QtWidgets

    class Emitter(QtCore.QObject):
        changed = QtCore.Signal(int)

    app = QtWidgets.QApplication([])
    label, emitter = QtWidgets.QLabel(), Emitter()
    received = []
    emitter.changed.connect(received.append)
    nones, trues = sys.getrefcount(None), sys.getrefcount(True)
    for n in range({CALLS}):
        label.setText(str(n))
        emitter.changed.emit(n)
    print(len(received), label.text(), abs(sys.getrefcount(None) - nones) < 100, abs(sys.getrefcount(True) - trues) < 100)
""")


def test_signals_and_qt_calls_keep_python_s_none_and_true_alive() -> None:
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == [str(CALLS), str(CALLS - 1), "True", "True"]
