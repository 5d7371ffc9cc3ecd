"""Qt translations: English source strings, Vietnamese from every ui/i18n/*_vi.qm.

Build: `python -m ui.i18n` runs pyside6-lupdate over ui/*.py (into kiosk_vi.ts) and
pyside6-lrelease over every *_vi.ts here (so other screens' files, e.g. manager_vi.ts, compile too).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

HERE = Path(__file__).resolve().parent
_installed: list[QTranslator] = []


def install(app: QApplication, lang: str) -> list[str]:
    """Switch the application's language; returns the .qm files loaded."""
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    loaded: list[str] = []
    if lang == "vi":
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        qt_tr = QTranslator(app)
        if qt_tr.load("qtbase_vi", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt_tr)
            _installed.append(qt_tr)
        for qm in sorted(HERE.glob("*_vi.qm")):
            tr = QTranslator(app)
            if tr.load(str(qm)):
                app.installTranslator(tr)
                _installed.append(tr)
                loaded.append(qm.name)
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    return loaded
