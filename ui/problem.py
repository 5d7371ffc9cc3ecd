"""The screen shown instead of the login when the kiosk cannot open its database.

Why a whole screen: without its database the kiosk cannot sell, and a login with no staff tiles
plus an English SQLite message in the status bar for 15 seconds told the clerk nothing. Here it
says, in the clerk's language, what is wrong, what to do, which file, and offers Try again
(Enter) once the disk or file is fixed, or Quit (Esc). The file was not written: opening refuses
before it writes (pos.store, pos.dbfile).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from .errors import advice, detail_text, error_text, is_database_problem


class ProblemScreen(QWidget):
    retry = Signal()
    quit = Signal()
    switch_language = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("problem")
        self.error: BaseException | None = None

        card = QFrame()
        card.setObjectName("problem_card")
        card.setMaximumWidth(900)
        self._build_texts()
        buttons = self._build_buttons(ctx)

        lay = QVBoxLayout(card)
        lay.setSpacing(12)
        for w in (self.screen_title, self.heading, self.detail, self.todo_title, self.todo, self.then,
                  self.file, self.technical):
            lay.addWidget(w)
        lay.addSpacing(8)
        lay.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 30, 40, 30)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 20)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        for keys, signal in (((Qt.Key.Key_Return, Qt.Key.Key_Enter), self.retry), ((Qt.Key.Key_Escape,), self.quit)):
            for key in keys:
                sc = QShortcut(QKeySequence(key), self)
                sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                sc.activated.connect(signal)

    def _build_texts(self) -> None:
        """What went wrong, what to do, which file, and the technical words, all as plain text."""
        self.screen_title = QLabel(self.tr("The kiosk cannot open its database"))
        self.screen_title.setObjectName("muted")
        self.heading = QLabel()
        self.heading.setObjectName("alert")
        self.heading.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("title")
        self.detail.setWordWrap(True)
        self.todo_title = QLabel(self.tr("What to do"))
        self.todo_title.setObjectName("title")
        self.todo = QLabel()
        self.todo.setWordWrap(True)
        self.then = QLabel(self.tr("Then press Try again. The kiosk has not written anything to the file."))
        self.then.setWordWrap(True)
        self.file = QLabel()
        self.file.setWordWrap(True)
        self.file.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.technical = QLabel()
        self.technical.setObjectName("muted")
        self.technical.setWordWrap(True)
        self.technical.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.heading, self.detail, self.todo, self.then, self.file, self.technical):
            label.setTextFormat(Qt.TextFormat.PlainText)  # a path or SQLite text is never markup
            # a long path has no place to wrap: it must not make the window wider than the screen
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)

    def _build_buttons(self, ctx) -> QHBoxLayout:
        """Try again, Quit, and the language switch (named in its own language, so never translated)."""
        self.retry_button = QPushButton(self.tr("Try again") + "  (Enter)")
        self.retry_button.setProperty("role", "primary")
        self.retry_button.setMinimumHeight(56)
        self.retry_button.clicked.connect(self.retry)
        self.quit_button = QPushButton(self.tr("Quit") + "  (Esc)")
        self.quit_button.setMinimumHeight(56)
        self.quit_button.clicked.connect(self.quit)
        self.lang_button = QPushButton("Tiếng Việt" if ctx.lang == "en" else "English")  # names, not translated
        self.lang_button.setMinimumHeight(56)
        self.lang_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lang_button.clicked.connect(self.switch_language)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button, 2)
        buttons.addWidget(self.quit_button, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.lang_button)
        return buttons

    def show_problem(self, exc: BaseException, path: str) -> None:
        self.error = exc
        if is_database_problem(exc):
            head = error_text(exc).split("\n", 1)[0]
            self.heading.setText("⚠  " + head)
            detail = detail_text(exc)
            self.detail.setText(detail[:1].upper() + detail[1:])
            self.todo.setText(advice(exc))
        else:  # something unforeseen: still this screen, never a login with no staff
            self.heading.setText("⚠  " + self.tr("The database could not be opened"))
            self.detail.setText(str(exc))
            self.todo.setText(advice(exc) or self.tr("Note what this screen says and call the technician."))
        self.file.setText(self.tr("Database file: %1").replace("%1", str(path)))
        details = getattr(exc, "details", None) or {}
        tech = " — ".join(str(details[k]) for k in ("sqlite", "error") if details.get(k))
        self.technical.setText(self.tr("For the technician: %1").replace("%1", tech) if tech else "")
        self.technical.setVisible(bool(tech))
        self.retry_button.setEnabled(True)
        self.retry_button.setFocus()

    def trying(self) -> None:
        """Between Try again and the answer: one press is enough."""
        self.retry_button.setEnabled(False)
        self.heading.setText("…  " + self.tr("Opening the database again"))
