"""Small widgets the shift and manager screens share.

Why here: every screen needs the same three things - a big touch button that also answers an
F-key (shown on its face), an amount field that reads and writes `1.250.000 ₫`, and a way to turn
a domain refusal into words next to the field it is about. One place keeps them looking alike.
The manager the pages act for (`acting_manager`) is here too, not in the package that builds the
pages: a page importing its own package would close an import circle.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator
from PySide6.QtCore import QRegularExpression
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QAbstractItemView,
    QWidget,
)

from pos.errors import InvalidAmount
from pos.money import fmt_vnd, parse_vnd

MANAGER_ROLES = ("manager", "admin")
TOUCH_HEIGHT = 56  # px: a finger, not a mouse pointer


def error_text(exc: BaseException) -> str:
    """Words a clerk can act on, from a domain error (the kiosk-wide table in ui/errors.py)."""
    from ui.errors import error_text as kiosk_error_text

    return kiosk_error_text(exc)


class BigButton(QPushButton):
    """A touch-sized button whose F-key is printed on it and works while the button is visible.

    The shortcut has the window's context, but Qt only fires shortcuts of visible widgets, so the
    same F-key can mean different things on different screens of the stacked main window.
    F1, F9, F10 and F11 belong to the main window's navigation (application-wide): never use them
    here, a clash makes both shortcuts ambiguous and neither fires."""

    RESERVED = ("F1", "F9", "F10", "F11")

    def __init__(self, text: str, key: str | None = None, parent: QWidget | None = None, *, primary=False):
        super().__init__(parent)
        self._label = text
        self._key = key
        if key in self.RESERVED:
            raise ValueError(f"{key} is the main window's navigation key")
        self.setMinimumHeight(TOUCH_HEIGHT)
        self.setMinimumWidth(120)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setFocusPolicy(Qt.StrongFocus)
        if primary:
            self.setProperty("role", "primary")  # ui/theme.py styles it
        self._refresh()

    def _refresh(self) -> None:
        self._face(self._label)

    def _face(self, text: str) -> None:
        # QAbstractButton.setText resets the shortcut to the text's mnemonic: set the key after it
        self.setText(f"{text}   [{self._key}]" if self._key else text)
        if self._key:
            self.setShortcut(QKeySequence(self._key))
        self.ensurePolished()  # never narrower than its words (a squeezed row cut "Warnings only")
        self.setMinimumWidth(max(120, super().sizeHint().width()))

    confirmed = Signal()

    def require_confirm(self, confirm_text: str) -> None:
        """Make a destructive button ask for a second press (a stray tap must not deactivate
        a person or throw away a count): the first press shows `confirm_text` for 5 s."""
        self._confirm_text = confirm_text
        self._armed = False
        self._disarm = QTimer(self)
        self._disarm.setSingleShot(True)
        self._disarm.timeout.connect(self._reset_confirm)
        self.clicked.connect(self._confirm_click)

    def _confirm_click(self) -> None:
        if self._armed:
            self._reset_confirm()
            self.confirmed.emit()
            return
        self._armed = True
        self._face(self._confirm_text)
        self.setProperty("role", "danger")
        self.style().unpolish(self)
        self.style().polish(self)
        self._disarm.start(5000)

    def _reset_confirm(self) -> None:
        self._armed = False
        self._disarm.stop()
        self.setProperty("role", "")
        self.style().unpolish(self)
        self.style().polish(self)
        self._refresh()

    def event(self, e):
        # Qt answers a button's shortcut with animateClick(), which clicks 100 ms later; a clerk's
        # F-key should act now (and a test pressing it can look at the result straight away).
        if e.type() == QEvent.Shortcut:
            if self.isEnabled():
                self.click()
            return True
        return super().event(e)

    def set_label(self, text: str) -> None:
        self._label = text
        self._refresh()


class AmountEdit(QLineEdit):
    """Money in đồng, typed as digits; shown grouped `1.250.000` as you type."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9.\s₫]{0,20}"), self))
        self.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.setMinimumHeight(TOUCH_HEIGHT - 8)
        f = self.font()
        f.setPointSize(f.pointSize() + 4)
        self.setFont(f)
        self.setPlaceholderText("0 ₫")
        self.textEdited.connect(self._regroup)

    def _regroup(self, text: str) -> None:
        digits = "".join(ch for ch in text if ch.isdigit())
        grouped = fmt_vnd(int(digits), symbol=False) if digits else ""  # "0" stays: an empty drawer
        if grouped != text:
            self.setText(grouped)

    def amount(self) -> int:
        """The amount typed; ValueError when the field is empty or not an amount."""
        try:
            return parse_vnd(self.text())
        except InvalidAmount as exc:  # the forms using this field catch ValueError
            raise ValueError(exc.message) from exc

    def set_amount(self, value: int) -> None:
        self.setText(fmt_vnd(value, symbol=False))


class ErrorLabel(QLabel):
    """Red words under a field or form; hidden when empty so the layout stays calm."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color:#b3261e;font-weight:bold")
        self.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_error(self) -> None:
        self.show_error("")


class Notice(QLabel):
    """A one-line status under the action bar: green for done, red for refused."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setMinimumHeight(28)

    def ok(self, text: str) -> None:
        self.setObjectName("notice")  # ui/theme.py: calm green panel
        self._restyle()
        self.setText(text)

    def error(self, text: str) -> None:
        self.setObjectName("alert")  # ui/theme.py: red, large, impossible to miss
        self._restyle()
        self.setText(text)

    def _restyle(self) -> None:
        self.style().unpolish(self)
        self.style().polish(self)
        self.updateGeometry()


def title_label(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setObjectName("title")  # ui/theme.py
    return lab


def make_table(headers: list[str], stretch: int | None = None, row_height: int = 40) -> QTableWidget:
    """A read-mostly table with rows tall enough to touch; `stretch` takes the spare width
    (default: the last column)."""
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(row_height)
    t.setSelectionBehavior(QAbstractItemView.SelectRows)
    t.setSelectionMode(QAbstractItemView.SingleSelection)
    t.setEditTriggers(QAbstractItemView.NoEditTriggers)
    # Interactive, not ResizeToContents: the latter re-measures every row on every setItem,
    # which made refilling a 500-row table take minutes. Callers fill, then fit_columns() once.
    header = t.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.Interactive)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.Stretch)
    t.setAlternatingRowColors(True)
    return t


def fit_columns(table: QTableWidget) -> None:
    """Size the columns to what was just filled in (one pass over the rows)."""
    table.resizeColumnsToContents()


def qty_fmt(qty: int) -> str:
    """Quantities grouped like money (12.000 g), without the đồng sign."""
    return fmt_vnd(int(qty), symbol=False)


def cell(text, align_right: bool = False, data=None) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    if align_right:
        item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
    if data is not None:
        item.setData(Qt.UserRole, data)
    return item


def is_manager(staff: dict | None) -> bool:
    return bool(staff) and staff.get("role") in MANAGER_ROLES


def acting_manager(screen) -> dict | None:
    """The manager a screen acts for: its gate's, else the logged-in staff if a manager."""
    access = getattr(screen, "access", None)
    if access is not None:
        return access.manager()
    staff = screen.ctx.staff
    return staff if is_manager(staff) else None


class ScanEdit(QLineEdit):
    """The scan-or-search box of the manager screens: Enter hands over the text and clears it."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumHeight(TOUCH_HEIGHT - 8)
        self.returnPressed.connect(self._submit)

    def _submit(self) -> None:
        text = self.text().strip()
        self.clear()
        if text:
            self.submitted.emit(text)
