"""Settings › Camera: which camera reads member codes, with which decoder, and a live preview."""

from dataclasses import replace

from terminal.errors import Refused
from ui.context import AppContext
from ui.qt import core, gui, widgets
from ui.screens.settings_camera_preview import CameraPreview, Submit
from ui.screens.settings_config import update_config
from ui.screens.settings_widgets import (
    message_label,
    tall,
    tell,
    touch_button,
)
from ui.settings import DECODERS, AppSettings, load_app_settings
from ui.widgets.lifetime import Lifetime

CAMERA_INDEXES = ("0", "1", "2", "3")  # as config.toml and OpenCV count; people see camera 1 to 4


class CameraChoice(widgets.QWidget):
    """No camera, a camera by number, or image or video files (``file:PATH``, for trying things out)."""

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = tall(widgets.QComboBox())
        self.source.addItem(self.tr("No camera (barcode scanner and phone numbers only)"), None)
        for index in CAMERA_INDEXES:
            self.source.addItem(self._label(index), index)
        self.browse = touch_button(self.tr("Pictures or video…"), self._browse)
        self.decoder = tall(widgets.QComboBox())
        self.decoder.addItem(self.tr("zxing (recommended)"), "zxing")
        self.decoder.addItem(self.tr("pyzbar"), "pyzbar")
        row = widgets.QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.source, 1)
        row.addWidget(self.browse)
        form = widgets.QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Camera"), row)
        form.addRow(self.tr("Code reader"), self.decoder)

    def choose(self, spec: str | None, decoder: str = "zxing") -> None:
        at = self.source.findData(spec)
        if at < 0 and spec:
            self.source.addItem(self._label(spec), spec)
            at = self.source.count() - 1
        self.source.setCurrentIndex(max(0, at))
        self.decoder.setCurrentIndex(max(0, self.decoder.findData(decoder if decoder in DECODERS else "zxing")))

    def _label(self, spec: str) -> str:
        """A camera by the number ui/camera.py says in its messages (index 0 is camera 1); a file by its path."""
        if spec.isascii() and spec.isdigit():
            return self.tr("Camera %1").replace("%1", str(int(spec) + 1))
        return spec

    def spec(self) -> str | None:
        data = self.source.currentData()
        return str(data) if data else None

    def decoder_name(self) -> str:
        return str(self.decoder.currentData())

    def _browse(self) -> None:
        path, _ = widgets.QFileDialog.getOpenFileName(self, self.tr("Pictures or video to use as the camera"), "",
                                                      self.tr("Pictures and videos (*.png *.jpg *.jpeg *.bmp *.avi *.mp4)"))
        if path:
            self.choose(f"file:{path}", self.decoder_name())


class CameraSetup(widgets.QWidget):
    """The choice and its preview together: what the settings page and the first-run wizard show."""

    def __init__(self, submit: Submit, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = CameraChoice()
        self.preview = CameraPreview(submit)
        self.preview_button = touch_button(self.tr("Start the pre&view"), self.toggle_preview)
        column = widgets.QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.choice)
        column.addWidget(self.preview_button)
        column.addWidget(self.preview)
        self.choice.source.currentIndexChanged.connect(lambda _: self.stop_preview())
        self.choice.decoder.currentIndexChanged.connect(lambda _: self.stop_preview())

    def toggle_preview(self) -> None:
        if self.preview.running:
            self.stop_preview()
            return
        spec = self.choice.spec()
        if spec is None:
            self.preview.state.setText(self.tr("No camera chosen: choose one to see its picture."))
            return
        self.preview.start(spec, self.choice.decoder_name())
        self.preview_button.setText(self.tr("Stop the pre&view"))

    def stop_preview(self) -> None:
        self.preview.stop()
        self.preview_button.setText(self.tr("Start the pre&view"))


def _checked_and_saved(ctx: AppContext, spec: str | None, decoder: str) -> AppSettings:
    from terminal.scan import (
        make_decoder,  # on the worker: OpenCV is not loaded before a camera is used
    )

    make_decoder(decoder)  # a decoder whose library is missing is refused with how to install it
    update_config(ctx.till.home.config, "camera", {"source": spec, "decoder": decoder})
    return load_app_settings(ctx.till.home.config)


class CameraPage(widgets.QWidget):
    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._life = Lifetime(self)
        self.setup = CameraSetup(lambda work: ctx.tasks.io(work))
        self.setup.choice.choose(ctx.settings.camera, ctx.settings.decoder)
        self.message = message_label()
        self.save_button = touch_button(self.tr("&Save"), self.save)
        column = widgets.QVBoxLayout(self)
        column.addWidget(self.setup)
        column.addWidget(self.save_button)
        column.addWidget(self.message)
        column.addStretch()

    def entered(self) -> None:
        self.setup.choice.source.setFocus()

    def keyPressEvent(self, event: gui.QKeyEvent) -> None:
        if event.key() in (core.Qt.Key.Key_Return, core.Qt.Key.Key_Enter):
            self.save()
        else:
            super().keyPressEvent(event)

    def save(self) -> None:
        ctx, spec, decoder = self.ctx, self.setup.choice.spec(), self.setup.choice.decoder_name()
        tell(self.message, self.tr("Saving…"))
        self.ctx.tasks.io(lambda: _checked_and_saved(ctx, spec, decoder), self._life.guard(self._saved),
                          self._life.guard(self._refused))

    def _saved(self, settings: AppSettings) -> None:
        self.ctx.settings = replace(self.ctx.settings, camera=settings.camera, decoder=settings.decoder)
        tell(self.message, self.tr("Saved. The checkout uses this camera the next time it starts scanning."))

    def _refused(self, problem: Refused) -> None:
        tell(self.message, problem.message, True)
