"""Saving rules.toml: the person saving must be an active owner now; without a person (setting a store up)
nobody is asked."""

import pytest

from terminal.bootstrap import Till
from terminal.errors import Refused
from tests.helpers.store import MANAGER, OWNER, hire_staff
from ui.screens.settings_rules_file import read_rules_text, save_rules

LOWER_EARNING = ("general = 5000", "general = 10000")


def test_a_manager_saving_the_rules_is_refused_and_rules_toml_is_unchanged(till: Till) -> None:
    hire_staff(till)
    before = read_rules_text(till)
    with pytest.raises(Refused) as refused:
        save_rules(till, before.replace(*LOWER_EARNING), by=MANAGER)
    assert refused.value.en == "max is not an owner and cannot save the rules: nothing was recorded"
    assert read_rules_text(till) == before


def test_an_owner_or_nobody_saves_the_rules(till: Till) -> None:
    edited = read_rules_text(till).replace(*LOWER_EARNING)
    save_rules(till, edited, by=OWNER)
    assert read_rules_text(till) == edited
    save_rules(till, edited.replace(*reversed(LOWER_EARNING)))
    assert "general = 5000" in read_rules_text(till)
