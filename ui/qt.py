"""The one place that imports Qt. The app uses ``from ui.qt import core, gui, widgets, charts``."""

from PySide6 import QtCharts as charts
from PySide6 import QtCore as core
from PySide6 import QtGui as gui
from PySide6 import QtWidgets as widgets

__all__ = ["charts", "core", "gui", "widgets"]
