"""Cameras are counted from 1 wherever a person sees their number: the list in Settings › Camera and in
the first-run wizard, and the message about a missing camera (config.toml and `jifen scan --camera`
keep OpenCV's index, 0 for the first camera)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.home import Home
from tests.ui.test_settings_support import owner_context, settle
from ui.camera import CameraSource, open_source
from ui.first_run import FirstRunWizard
from ui.screens.settings_camera import CameraPage, CameraSetup

pytestmark = pytest.mark.gui
MISSING_INDEX = "96"  # no machine has 97 cameras


@pytest.fixture
def settings_camera(qtbot: QtBot, till: Till) -> Iterator[CameraSetup]:
    page = CameraPage(owner_context(till))
    qtbot.addWidget(page)
    page.show()
    yield page.setup
    page.setup.stop_preview()
    settle(qtbot, page.ctx)
    page.ctx.tasks.shutdown()


@pytest.fixture
def wizard_camera(qtbot: QtBot, tmp_path: Path) -> Iterator[CameraSetup]:
    wizard = FirstRunWizard(Home(tmp_path / "store"))
    qtbot.addWidget(wizard)
    wizard.show()
    yield wizard.camera.setup
    wizard.camera.setup.stop_preview()


def listed(setup: CameraSetup) -> list[tuple[str, str]]:
    source = setup.choice.source
    return [(source.itemText(at), source.itemData(at)) for at in range(1, source.count())]


def missing_camera_said(qtbot: QtBot, setup: CameraSetup) -> tuple[str, str]:
    """The chosen camera as the list shows it, and what the preview says of it."""
    setup.choice.choose(MISSING_INDEX)
    setup.toggle_preview()
    qtbot.waitUntil(lambda: "missing or busy" in setup.preview.state.text(), timeout=15_000)
    return setup.choice.source.currentText(), setup.preview.state.text()


@pytest.mark.parametrize("where", ["settings_camera", "wizard_camera"])
def test_the_camera_the_list_calls_97_is_camera_97_in_the_message(qtbot: QtBot, where: str,
                                                                   request: pytest.FixtureRequest) -> None:
    setup: CameraSetup = request.getfixturevalue(where)
    assert listed(setup) == [("Camera 1", "0"), ("Camera 2", "1"), ("Camera 3", "2"), ("Camera 4", "3")]
    chosen, said = missing_camera_said(qtbot, setup)
    assert chosen == "Camera 97"
    assert said.startswith("No picture: camera 97 is missing or busy"), said
    assert setup.choice.spec() == MISSING_INDEX  # what config.toml keeps


def test_the_messages_count_from_1_in_both_languages_and_the_index_stays_as_the_cli_takes_it() -> None:
    camera = open_source(MISSING_INDEX)
    assert isinstance(camera, CameraSource) and camera.index == 96 and camera.description == "camera 97"
    with pytest.raises(Refused) as refused:
        camera.open()
    assert refused.value.en.startswith("camera 97 is missing or busy")
    assert refused.value.zh.startswith("摄像头 97 不存在")
    with pytest.raises(Refused) as refused:
        open_source("front")
    assert "0 for camera 1" in refused.value.en and "0 为摄像头 1" in refused.value.zh
