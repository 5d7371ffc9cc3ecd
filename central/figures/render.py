"""The Jinja2 environment of the printable papers the figures make (the producer's A4 settlement
statement, central/figures/templates/).

Its own, not the office pages' (central/office/render.py): figures do not import the office, and a
paper is a whole document whose line breaks are its own (no line joining). Escaping matches the
f-strings these templates replaced: every plain string goes through the standard library's
html.escape (quotes too) once, in `finalize`; autoescaping handles numbers and the rest."""
from __future__ import annotations

import html
from pathlib import Path

import jinja2
from markupsafe import Markup

TEMPLATES = Path(__file__).with_name("templates")


def _escape_once(value):
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return Markup(html.escape(value))
    return value


def environment(**filters) -> jinja2.Environment:
    """An environment over central/figures/templates/ with the caller's formatting filters."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, finalize=_escape_once,
                             undefined=jinja2.StrictUndefined, auto_reload=False)
    env.filters.update(filters)
    return env
