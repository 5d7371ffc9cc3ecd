"""A touch tile whose text wraps between words.

Why not a plain QPushButton: it neither wraps nor elides, it cuts a long centred text at both ends
("Fermented & processed seafood" on a narrow tile read "rmented & rocessed seafoo"), and it takes
'&' as a mnemonic marker. Here the text is a plain-text, word-wrapped label inside the button; the
button still clicks, takes the theme's tile style and shows the whole text as a tooltip.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout

_MEASURE = re.compile(r"(\d) (g|kg|ml|l|cm|mm|m)\b")


class TileButton(QPushButton):
    def __init__(self, text: str = "", role: str = "tile", parent=None):
        super().__init__(parent)
        self.setProperty("role", role)
        self.label = QLabel(self)
        self.label.setObjectName("tile_text")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # '&', '<b>' and the like are shown as typed
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.label)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._text = text
        self.label.setText(_MEASURE.sub("\\1\u00a0\\2", text))  # "500 g" never wraps between 500 and g
        self.setToolTip(text)
        self.setAccessibleName(text)
        self.updateGeometry()

    def text(self) -> str:
        return self._text

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        """Tall enough for the wrapped text at this width (a long name takes a third line)."""
        m = self.layout().contentsMargins()
        text_h = self.label.heightForWidth(max(1, width - m.left() - m.right()))
        return max(self.minimumHeight(), text_h + m.top() + m.bottom() + 8)

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self.minimumHeight()))

    def fits(self) -> bool:
        """Whether all the text is on the tile: no word wider than it, no line below its edge."""
        m = self.layout().contentsMargins()
        width = self.label.width() or self.width() - m.left() - m.right()
        fm = self.label.fontMetrics()
        words = re.split(r"[ \n]+", self.label.text())  # a no-break space keeps "500 g" one word
        widest = max((fm.horizontalAdvance(w) for w in words), default=0)
        return widest <= width and self.label.heightForWidth(width) <= self.label.height()


class PictureTile(TileButton):
    """A product tile with its picture above the text: a quiet placeholder until the picture is
    loaded (ui/pictures.py), so the grid shows at once and never waits for a file. Above, not
    beside: two tiles a row on a 1024 px screen leave no width for a picture and a name side by side."""

    PX = 60

    def __init__(self, text: str = "", role: str = "ptile", parent=None):
        super().__init__(text, role, parent)
        self.picture = QLabel(self)
        self.picture.setObjectName("tile_picture")
        self.picture.setFixedSize(self.PX, self.PX)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.layout().setSpacing(2)
        self.layout().insertWidget(0, self.picture, 0, Qt.AlignmentFlag.AlignHCenter)

    def set_picture(self, pixmap) -> None:
        self.picture.setPixmap(pixmap)

    def has_picture(self) -> bool:
        pm = self.picture.pixmap()
        return pm is not None and not pm.isNull()

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return super().heightForWidth(width) + self.PX + 2
