"""The kiosk's look: the bundled font (Vietnamese glyphs), calm colours, touch-sized controls.

Why bundle the font: without a font carrying Vietnamese glyphs Qt silently draws boxes, and a
kiosk PC may have none installed. `check_glyphs` lets tests and start-up prove coverage.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QRawFont
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = ROOT / "assets" / "fonts"
SYSTEM_FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]
FAMILY_FALLBACK = "DejaVu Sans"

# Every letter Vietnamese writes, plus the đồng sign and the star used for OCOP ratings.
VIETNAMESE_SAMPLE = (
    "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬEÈÉẺẼẸÊỀẾỂỄỆIÌÍỈĨỊOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢUÙÚỦŨỤƯỪỨỬỮỰYỲÝỶỸỴĐ₫★"
)

ACCENT = "#1f7a5a"      # calm green (OCOP)
ACCENT_DARK = "#165c43"
DANGER = "#b3261e"
WARN = "#b26a00"
BG = "#f4f6f5"
CARD = "#ffffff"
TEXT = "#1d2420"
MUTED = "#5f6b65"


def load_fonts() -> str:
    """Register the bundled fonts (else the system DejaVu); return the family to use."""
    family = None
    dirs = [FONT_DIR, *SYSTEM_FONT_DIRS]
    for d in dirs:
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
            path = d / name
            if path.exists():
                fid = QFontDatabase.addApplicationFont(str(path))
                if fid >= 0 and family is None:
                    fams = QFontDatabase.applicationFontFamilies(fid)
                    family = fams[0] if fams else None
        if family:
            break
    return family or FAMILY_FALLBACK


def missing_glyphs(font: QFont, text: str = VIETNAMESE_SAMPLE) -> str:
    """The characters of `text` the font cannot draw (empty = full coverage)."""
    raw = QRawFont.fromFont(font)
    return "".join(ch for ch in dict.fromkeys(text) if not raw.supportsCharacter(ord(ch)))


STYLE = f"""
QWidget {{ color: {TEXT}; font-size: 15px; }}
QMainWindow, #screen {{ background: {BG}; }}
QPushButton {{
    background: {CARD}; border: 1px solid #c9d2cd; border-radius: 8px;
    padding: 8px 14px; min-height: 40px;
}}
QPushButton:hover {{ border-color: {ACCENT}; }}
QPushButton:pressed {{ background: #e3ece7; }}
QPushButton:disabled {{ color: #9aa39e; background: #eef1ef; }}
QPushButton[role="primary"] {{ background: {ACCENT}; color: white; border: none; font-weight: bold; }}
QPushButton[role="primary"]:pressed {{ background: {ACCENT_DARK}; }}
QPushButton[role="danger"] {{ background: {DANGER}; color: white; border: none; }}
QPushButton[role="tile"] {{ min-height: 72px; font-size: 16px; text-align: center; }}
QPushButton[role="ptile"] {{ min-height: 88px; font-size: 14px; padding: 4px 4px; }}
QPushButton[role="nav"] {{ background: transparent; border: none; border-radius: 0;
    color: #dfe9e4; padding: 6px 12px; min-height: 36px; }}
QPushButton[role="nav"]:checked {{ background: {ACCENT}; color: white; }}
QPushButton#manager_nav {{ padding: 2px 10px; min-height: 34px; font-size: 13px; }}
QPushButton[role="key"] {{ min-height: 56px; min-width: 64px; font-size: 22px; }}
QPushButton[role="tile"] QLabel {{ font-size: 16px; }}
QPushButton[role="ptile"] QLabel {{ font-size: 14px; }}
QLabel#tile_text:disabled {{ color: #9aa39e; }}
QLabel#tile_picture {{ background: rgba(0, 0, 0, 0.06); border-radius: 6px; }}
#navbar {{ background: #25302b; }}
#navbar QLabel {{ color: #dfe9e4; }}
QSpinBox {{ min-height: 34px; font-size: 17px; }}
QSpinBox::up-button, QSpinBox::down-button {{ width: 28px; }}
QLineEdit, QComboBox {{
    background: {CARD}; border: 1px solid #c9d2cd; border-radius: 6px; padding: 6px; min-height: 32px;
    font-size: 17px;
}}
QLineEdit:focus {{ border: 2px solid {ACCENT}; }}
QTableView, QListView, QTreeView {{ background: {CARD}; border: 1px solid #d5ddd8; border-radius: 6px;
    gridline-color: #edf0ee; selection-background-color: #cfe6dc; selection-color: {TEXT}; }}
QHeaderView::section {{ background: #edf1ef; border: none; padding: 6px; font-weight: bold; }}
#total {{ font-size: 34px; font-weight: bold; color: {ACCENT_DARK}; }}
#vat {{ color: {MUTED}; }}
#change {{ font-size: 44px; font-weight: bold; color: {ACCENT_DARK}; }}
#due {{ font-size: 30px; font-weight: bold; }}
#qr_caption {{ font-size: 18px; font-weight: bold; }}
#change_hint {{ font-size: 28px; font-weight: bold; color: {ACCENT_DARK}; }}
#alert {{ background: {DANGER}; color: white; font-size: 22px; font-weight: bold; padding: 14px;
    border-radius: 8px; }}
#notice {{ background: #e3f1ea; color: {ACCENT_DARK}; font-size: 16px; padding: 8px; border-radius: 6px; }}
#parts_taken {{ color: {ACCENT_DARK}; font-size: 17px; font-weight: bold; }}
#muted {{ color: {MUTED}; }}
#summary_title {{ color: {MUTED}; font-weight: bold; }}
#summary_total {{ font-size: 24px; font-weight: bold; color: {ACCENT_DARK}; }}
#refund_amount {{ font-size: 24px; font-weight: bold; color: {ACCENT_DARK}; padding: 4px 0; }}
#shift_state {{ font-size: 16px; padding: 8px; border-radius: 6px; }}
#shift_state[state="open"] {{ background: #e3f1ea; color: {ACCENT_DARK}; }}
#shift_state[state="closed"] {{ background: #fbeee0; color: {WARN}; font-weight: bold; }}
#title {{ font-size: 22px; font-weight: bold; }}
QStatusBar {{ background: #e7ece9; }}
QStatusBar QLabel {{ padding: 0 8px; }}
"""


def apply(app: QApplication) -> str:
    family = load_fonts()
    font = QFont(family)
    font.setPointSize(11)
    app.setFont(font)
    app.setStyleSheet(STYLE)
    missing = missing_glyphs(font)
    if missing:  # Qt would draw boxes without a word: say it where a technician looks
        logging.getLogger(__name__).warning("font %r cannot draw %r: install fonts-dejavu-core", family, missing)
    return family
