"""The office pages' Jinja2 environment (served through FastAPI's Jinja2Templates) and the one
way a page handler answers with HTML.

Autoescaping is on. Every `{{ value }}` that is a plain string is escaped with the standard
library's `html.escape` (quotes too) in `finalize`, before autoescaping sees it as already safe:
the same entities the pages always had (`&#x27;` for an apostrophe; MarkupSafe would write
`&#39;`), and a value is escaped exactly once. Macro output and `{% set %}` blocks are markup
already and pass through; nothing in the templates is marked `|safe`.

Line breaks in the templates are for their reader: `JoinLines` drops a line break (with the
indentation around it) next to a tag or a template delimiter, and turns one between two words
into a space, so the pages keep the compact markup they had (no stray gaps between inline
elements, one table row per line of HTML)."""
from __future__ import annotations

import html
import re
from pathlib import Path

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2.ext import Extension
from markupsafe import Markup

from central.office import formats, i18n, labels

TEMPLATES = Path(__file__).with_name("templates")
NO_STORE = {"Cache-Control": "no-store"}
_BREAK = re.compile(r"[ \t]*\n\s*")
_GLUE_BEFORE = (">", "%}", "}}", "#}")
_GLUE_AFTER = ("<", "{%", "{{", "{#")


class JoinLines(Extension):
    """Removes the template's own line breaks before it is compiled (no cost per page)."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        def join(m: re.Match) -> str:
            before, after = source[max(0, m.start() - 2):m.start()], source[m.end():m.end() + 2]
            if not before or not after or before.endswith(_GLUE_BEFORE) or after.startswith(_GLUE_AFTER):
                return ""
            return " "
        return _BREAK.sub(join, source)


def escape_once(value):
    """`finalize`: a plain string becomes escaped markup; markup, numbers and the rest are left to
    autoescaping."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return Markup(html.escape(value))
    return value


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, finalize=escape_once,
                             extensions=[JoinLines, "jinja2.ext.i18n"], undefined=jinja2.StrictUndefined,
                             auto_reload=False)
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=False)
    env.filters.update(vnd=formats.vnd, num=formats.num, day=formats.day_vi, when=formats.when_vi,
                       stars=formats.stars, bp=formats.bp, qty=formats.qty, price_input=formats.price_input,
                       day_field=formats.day_field, rates=formats.rates, options=formats.options,
                       barcodes_input=formats.barcodes_input, esc=escape_once)
    env.globals.update(qs=formats.qs, labels=labels, DAY_PATTERN=formats.DAY_PATTERN, i18n=i18n)
    return env


templates = Jinja2Templates(env=_environment())


def page(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    """The template `name` rendered as a no-store HTML response (the pages hold private figures), in
    the signed-in user's language (before sign-in: the browser's, central/office/i18n.py)."""
    user = context.get("user")
    with i18n.using(getattr(user, "lang", None) or visitor_lang(request)):
        return templates.TemplateResponse(request, name, {"lang": i18n.current(), **context},
                                          status_code=status_code, headers=NO_STORE)


def visitor_lang(request: Request) -> str:
    """The language before anyone signs in: the `ocop_lang` cookie, else the browser's."""
    return i18n.from_headers(request.cookies.get(i18n.COOKIE), request.headers.get("accept-language"))


def extract_templates(fileobj, keywords, comment_tags, options):
    """Babel's extractor for the templates, run on the source as the pages compile it (after
    JoinLines), so the msgids of `{% trans %}` blocks are the ones looked up at render time."""
    import io

    from jinja2.ext import babel_extract

    source = fileobj.read().decode("utf-8")
    joined = JoinLines(templates.env).preprocess(source, None)
    return babel_extract(io.BytesIO(joined.encode("utf-8")), keywords, comment_tags, options)
