"""How big a window may be on the screen it opens on (a laptop at 125 % has 1093×~582 logical pixels
above its taskbar, its title bar included)."""

from ui.qt import core, gui, widgets


def fitting(wanted: core.QSize) -> core.QSize:
    """``wanted``, or less on a screen with less room: the window and its title bar stay above the taskbar."""
    screen = gui.QGuiApplication.primaryScreen()
    if screen is None:
        return wanted
    title_bar = widgets.QApplication.style().pixelMetric(widgets.QStyle.PixelMetric.PM_TitleBarHeight)
    return wanted.boundedTo(screen.availableGeometry().size() - core.QSize(0, title_bar))
