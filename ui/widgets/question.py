"""A yes/no question that keeps the cashier's work by default: Enter and Esc keep it, only the destructive
button leaves."""

from collections.abc import Callable

from ui.qt import widgets


def ask_before_losing(parent: widgets.QWidget, title: str, text: str, keep: str, leave: str,
                      on_leave: Callable[[], None]) -> widgets.QMessageBox:
    box = widgets.QMessageBox(parent)
    box.setIcon(widgets.QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    keep_button = box.addButton(keep, widgets.QMessageBox.ButtonRole.RejectRole)
    leave_button = box.addButton(leave, widgets.QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(keep_button)
    box.setEscapeButton(keep_button)
    box.buttonClicked.connect(lambda button: on_leave() if button is leave_button else None)
    box.open()
    return box
