"""Reading Qt .ts translation files, shared by the kiosk's and the manager screens' i18n tests."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path


def ts_messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source text) -> the <translation> element."""
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.find("name").text
        for m in ctx.iter("message"):
            out[(name, m.find("source").text)] = m.find("translation")
    return out
