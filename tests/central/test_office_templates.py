"""The office pages' templates: every value escaped exactly once (names with <, &, quotes and
Vietnamese show as typed, in text and in form fields), money written the Vietnamese way, and the
templates' own line breaks kept out of the pages."""
from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from rig import ok

NAME = "Kẹo <dừa> & \"bé\" 'Bến Tre' — Ư"
ESCAPED = "Kẹo &lt;dừa&gt; &amp; &quot;bé&quot; &#x27;Bến Tre&#x27; — Ư"


def render(source: str, **context) -> str:
    from central.office.render import templates

    return templates.env.from_string(source).render(**context)


def test_a_value_is_escaped_once_and_markup_is_kept():
    assert render("<td>{{ name }}</td>", name=NAME) == f"<td>{ESCAPED}</td>"
    assert render('<input value="{{ name }}">', name=NAME) == f'<input value="{ESCAPED}">'
    assert render("{{ m }}", m=Markup("<b>đã lưu</b>")) == "<b>đã lưu</b>"
    assert render("{% set x %}<i>{{ name }}</i>{% endset %}{{ x }}", name="<&>") == "<i>&lt;&amp;&gt;</i>"
    assert render("{{ n }}|{{ none }}", n=1250) == "1250|None"


def test_money_and_days_the_vietnamese_way():
    assert render("{{ v|vnd }}", v=1_250_000) == "1.250.000 ₫"
    assert render("{{ v|vnd }}", v=-8_011) == "-8.011 ₫"
    assert render("{{ v|vnd }}", v=None) == "0 ₫"
    assert render("{{ d|day }} {{ n|num }}", d="2026-11-21", n=1234567) == "21/11/2026 1.234.567"


def test_template_line_breaks_never_reach_the_page():
    src = "<p>\n  <a href=\"x\">một</a>\n  <a>hai</a>\n</p>\n<p>ba\n  bốn {{ n }}\n</p>"
    assert render(src, n=5) == '<p><a href="x">một</a><a>hai</a></p><p>ba bốn 5</p>'


@pytest.mark.parametrize("office", ["sqlite"], indirect=True)
def test_odd_names_show_as_typed_on_the_pages(office):
    o = f"{office.url}/api/v1/office"
    ok(office.api.post(f"{o}/products", json={"sku": "KEO&<1>", "name_vi": NAME, "producer_id": office.cat.producer_hh,
                                              "unit": "hộp", "price": 1_250_000, "vat_rate": 8, "barcodes": []}))
    pid = ok(office.api.get(f"{o}/products", params={"q": "KEO"}, timeout=30))[0]["id"]
    html = office.api.get(f"{office.url}/office/catalog", timeout=30).text
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", html) if "KEO" in r)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells[:2] == ["KEO&amp;&lt;1&gt;", ESCAPED] and cells[3] == "1.250.000 ₫"
    page = office.api.get(f"{office.url}/office/catalog/product/{pid}", timeout=30).text
    assert f'name="name_vi" id="f-name_vi" value="{ESCAPED}"' in page
    assert 'name="price" id="f-price" value="1.250.000"' in page
    assert "<title>Sản phẩm KEO&amp;&lt;1&gt; · OCOP</title>" in page
    for text in (html, page):
        assert "&amp;amp;" not in text and "&amp;lt;" not in text and "<dừa>" not in text
