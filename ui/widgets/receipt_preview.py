"""The receipt on screen: the same page the printer prints, drawn by the PNG renderer on a worker and
shown here as a picture (or as text where no Chinese font is installed)."""

from dataclasses import dataclass

from printing.fonts import find_cjk_font
from printing.render_png import to_png
from printing.render_text import to_text
from printing.service import Printing
from terminal.errors import Refused
from ui.qt import core, gui, widgets

PREVIEW_WIDTH = 300  # px on screen; an 80 mm receipt is 576 dots
NARROWEST = 180  # on a 1024-pixel screen the picture is made smaller rather than the sale
PAPER_PADDING = 6


@dataclass(frozen=True)
class ReceiptPicture:
    sale_id: str
    text: str  # the page as text: always there, and what is shown without a picture
    image: gui.QImage | None = None  # as the printer prints it, a pixel a dot


def render_receipt(printing: Printing, sale_id: str) -> ReceiptPicture:
    """On a worker: the sale's receipt laid out for the printer's paper and drawn (QImage is thread-safe), at the
    printer's dots: the preview scales it to the screen's own pixels, sharp at 125 % and 150 %."""
    page = printing.page(printing.document("receipt", sale_id))
    text = to_text(page)
    try:
        font = find_cjk_font(printing.settings.preview_font)
    except Refused:
        return ReceiptPicture(sale_id, text)
    picture = to_png(page, printing.profile(), font)
    image = gui.QImage(picture.tobytes(), picture.width, picture.height, picture.width,
                       gui.QImage.Format.Format_Grayscale8).copy()
    return ReceiptPicture(sale_id, text, image)


class ReceiptPreview(widgets.QScrollArea):
    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture: ReceiptPicture | None = None
        self.paper = widgets.QLabel()
        self.paper.setAlignment(core.Qt.AlignmentFlag.AlignHCenter | core.Qt.AlignmentFlag.AlignTop)
        self.paper.setTextInteractionFlags(core.Qt.TextInteractionFlag.NoTextInteraction)
        self.paper.setStyleSheet(f"background: white; color: black; padding: {PAPER_PADDING}px;")
        self.setWidget(self.paper)
        self.setWidgetResizable(True)
        self.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)  # the keyboard stays where the sale goes on
        self.setMinimumWidth(NARROWEST)
        self.setMaximumWidth(self.sizeHint().width())
        self.clear()

    def clear(self) -> None:
        self.show_problem(self.tr("The receipt appears here after the sale."))

    def show_problem(self, words: str) -> None:
        """The receipt could not be drawn for the screen (the sale and its printing are not affected)."""
        self.picture = None
        self.paper.clear()
        self.paper.setWordWrap(True)
        self.paper.setText(words)

    def show_receipt(self, picture: ReceiptPicture) -> None:
        self.picture = picture
        self.paper.setWordWrap(False)  # a receipt's lines are the printer's
        if picture.image is not None:
            self._fit()
        else:
            font = gui.QFontDatabase.systemFont(gui.QFontDatabase.SystemFont.FixedFont)
            self.paper.setFont(font)
            self.paper.setText(picture.text)
        self.paper.setToolTip(picture.text)
        self.verticalScrollBar().setValue(0)

    def sizeHint(self) -> core.QSize:
        return core.QSize(PREVIEW_WIDTH + 2 * PAPER_PADDING + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth(),
                          super().sizeHint().height())

    def resizeEvent(self, event: gui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def event(self, event: core.QEvent) -> bool:
        if event.type() == core.QEvent.Type.DevicePixelRatioChange:
            self._fit()  # moved to a screen scaled otherwise
        return super().event(event)

    def _fit(self) -> None:
        """The receipt's picture as wide as the room it has, never wider than ``PREVIEW_WIDTH``, drawn in the
        screen's own pixels (a 300-pixel-wide picture is 450 of them at 150 %)."""
        image = self.picture.image if self.picture is not None else None
        if image is None:
            return
        room = self.viewport().width() - 2 * PAPER_PADDING
        if self.verticalScrollBar().isHidden():
            room -= self.verticalScrollBar().sizeHint().width()  # it shows once the page is taller than the view
        ratio = self.devicePixelRatioF()
        pixels = max(1, round(min(PREVIEW_WIDTH, room) * ratio))
        fitted = image if pixels == image.width() else image.scaledToWidth(pixels, core.Qt.TransformationMode.SmoothTransformation)
        pixmap = gui.QPixmap.fromImage(fitted)
        pixmap.setDevicePixelRatio(ratio)
        self.paper.setPixmap(pixmap)
