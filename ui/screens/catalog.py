"""The screens of the app, in the order of their function keys."""

from ui.screens.base import Screen
from ui.screens.checkout import CheckoutScreen
from ui.screens.dashboard import DashboardScreen
from ui.screens.gifts import GiftsScreen
from ui.screens.members import MembersScreen
from ui.screens.refunds import RefundsScreen
from ui.screens.settings import SettingsScreen
from ui.screens.shift import ShiftScreen

SCREENS: tuple[type[Screen], ...] = (CheckoutScreen, MembersScreen, RefundsScreen, ShiftScreen, DashboardScreen,
                                     GiftsScreen, SettingsScreen)
