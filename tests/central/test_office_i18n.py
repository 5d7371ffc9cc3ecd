"""The office pages in English too: the language is the user's, saved on the account (it survives
signing out and in, in a fresh browser), switchable from every page, the login page follows the
browser; Vietnamese stays the default. And the catalogs: every string translated in both
languages, the catalogs up to date with the templates and page modules, the .mo files compiled
from the .po files."""
from __future__ import annotations

import gettext
import html as htmllib
import re
from pathlib import Path

import pytest
import requests

from rig import DAY1, DAY2, PASSWORD

TRANSLATIONS = Path(__file__).resolve().parents[2] / "central" / "office" / "translations"
VI_LETTERS = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)


def po(lang: str):
    from babel.messages.pofile import read_po

    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f)


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)s|\{\w+\}", text))


def test_every_string_is_translated_in_both_languages():
    for lang in ("vi", "en"):
        entries = [m for m in po(lang) if m.id]
        assert len(entries) > 250
        assert not [m.id for m in entries if not m.string or m.fuzzy], lang
        for m in entries:
            assert placeholders(m.string) == placeholders(m.id), (lang, m.id)
            if lang == "vi":
                assert m.string == m.id  # Vietnamese is the source language: shown exactly as written


def test_catalogs_match_the_sources_and_the_compiled_files():
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with open(TRANSLATIONS / "babel.cfg") as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = {msg for _file, _line, msg, _comments, _ctx in
             extract_from_dir(TRANSLATIONS.parents[1], method_map, options_map,
                              keywords={"_": None, "gettext": None, "ngettext": (1, 2), "N_": None})}
    assert found  # the extraction ran
    for lang in ("vi", "en"):
        cat = po(lang)
        assert {m.id for m in cat if m.id} == found, "run: python -m central.office.i18n_build"
        with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo", "rb") as f:
            mo = gettext.GNUTranslations(f)
        assert {k: v for k, v in mo._catalog.items() if k} == {m.id: m.string for m in cat if m.id}


def test_login_page_follows_the_browser_or_the_cookie(office):
    url = f"{office.url}/office/login"
    vi = requests.get(url, timeout=30).text
    assert '<html lang="vi">' in vi and "Đăng nhập văn phòng trung tâm" in vi
    en = requests.get(url, headers={"Accept-Language": "en-US,en;q=0.9,vi;q=0.5"}, timeout=30).text
    assert '<html lang="en">' in en and "Central office sign-in" in en and "Mật khẩu" not in en
    assert '<html lang="vi">' in requests.get(url, headers={"Accept-Language": "vi, en;q=0.8"}, timeout=30).text
    # the switch on the login page (no session yet) keeps the choice in a cookie
    s = requests.Session()
    r = s.post(f"{office.url}/office/lang", data={"lang": "en", "next": "/office/stock"}, allow_redirects=False,
               timeout=30)
    assert r.status_code == 303 and r.headers["location"] == "/office/login?next=/office/stock"
    page = s.get(url, headers={"Accept-Language": "vi"}, timeout=30).text
    assert '<html lang="en">' in page and "Wrong username" not in page
    r = s.post(url, data={"username": "office", "password": "wrong", "next": "/office"}, timeout=30)
    assert r.status_code == 401 and "Wrong username or password." in r.text


def browser_session(office, username: str) -> requests.Session:
    """A fresh browser (no cookies) signed in through the login form: the cookie session."""
    s = requests.Session()
    r = s.post(f"{office.url}/office/login", data={"username": username, "password": PASSWORD, "next": "/office"},
               allow_redirects=False, timeout=30)
    assert r.status_code == 303, r.text[:300]
    return s


def csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)


def ui_texts(page: str) -> list[str]:
    """The words the page itself writes (headings, table headers, labels, buttons, links of the
    navigation and filters, tags), not the data."""
    out = []
    for pat in (r"<h1>(.*?)</h1>", r"<h2[^>]*>(.*?)</h2>", r"<th[^>]*>(.*?)</th>", r"<label[^>]*>([^<]*)",
                r"<button[^>]*>(.*?)</button>", r"<nav>(.*?)</nav>", r'<div class="presets">(.*?)</div>',
                r'<span class="tag [a-z]*">(.*?)</span>', r'<div class="k">(.*?)</div>', r'placeholder="([^"]*)"',
                r'<p class="muted">(.*?)</p>', r'class="ct">(.*?)</text>'):
        out += [htmllib.unescape(re.sub(r"<[^>]+>", " ", t)).strip() for t in re.findall(pat, page, re.S)]
    return [t for t in out if t]


def all_pages(office, s: requests.Session) -> dict[str, str]:
    """Every office page, as the signed-in user of `s` sees it."""
    base = office.url
    get = lambda path: s.get(f"{base}{path}", timeout=30)  # noqa: E731
    overview = get(f"/office?start={DAY1}&end={DAY2}").text
    token = csrf(overview)
    r = s.post(f"{base}/office/catalog/prices", data={"csrf": token, "effective_day": "01/01/2027",
                                                      "items": "MUOI-500; 48.000"}, timeout=30)
    batch = re.findall(r'href="(/office/catalog/prices/[^"?]+)"', r.text)[0]
    r = s.post(f"{base}/office/catalog/import", data={"csrf": token},
               files={"file": ("hang.csv", "sku,name_vi,producer_code,price\nMUOI-500,Muối,P01,46000\n".encode())},
               timeout=30)
    assert "/office/catalog/import/" in r.url
    pages = {"overview": overview, "import_preview": r.text, "batch": get(batch).text}
    for name, path in {"stock": "/office/stock", "sync": "/office/sync",
                       "settlement": f"/office/settlement?start={DAY1}&end={DAY2}", "catalog": "/office/catalog",
                       "problems": "/office/catalog/problems", "import": "/office/catalog/import",
                       "prices": "/office/catalog/prices", "product": f"/office/catalog/product/{office.cat.salt}",
                       "product_content": f"/office/catalog/product/{office.cat.salt}/content",
                       "product_new": "/office/catalog/product/new",
                       "producer": f"/office/catalog/producer/{office.cat.producer_hh}",
                       "producer_new": "/office/catalog/producer/new", "vat": "/office/catalog/vat"}.items():
        r = get(path)
        assert r.status_code == 200, (path, r.status_code)
        pages[name] = r.text
    return pages


def test_english_is_the_users_and_survives_signing_out_and_in(office):
    s = browser_session(office, "office")
    page = s.get(f"{office.url}/office/stock", timeout=30).text
    assert '<html lang="vi">' in page and ">Tổng quan</a>" in page and 'id="lang-switch"' in page
    # a switch without the page's CSRF value is refused; with it the choice is saved on the account
    assert s.post(f"{office.url}/office/lang", data={"lang": "en", "next": "/office/stock"},
                  allow_redirects=False, timeout=30).status_code == 403
    r = s.post(f"{office.url}/office/lang", data={"lang": "en", "next": "/office/stock?only=warn", "csrf": csrf(page)},
               allow_redirects=False, timeout=30)
    assert r.status_code == 303 and r.headers["location"] == "/office/stock?only=warn"
    page = s.get(f"{office.url}/office/stock", timeout=30).text
    assert s.post(f"{office.url}/office/logout", data={"csrf": csrf(page)}, timeout=30).status_code == 200
    # a fresh browser with Vietnamese preferred: the account's choice wins
    s = browser_session(office, "office")
    s.headers["Accept-Language"] = "vi"
    pages = all_pages(office, s)
    assert len(pages) == 16
    for name, page in pages.items():
        assert '<html lang="en">' in page, name
        texts = ui_texts(page)
        assert texts, name
        assert not [t for t in texts if VI_LETTERS.search(t) and "OCOP ·" not in t], (name, texts)
    ov = pages["overview"]
    assert ">Overview</a>" in ov and "Sign out" in ov and "Administrator" in ov and "Gross sales" in ov
    assert "From 21/11/2026 to 22/11/2026" in ov  # days stay day/month/year
    assert re.search(r'<div class="v">[\d.]+ ₫</div>', ov)  # money stays VND, dots between thousands
    assert "Net sales by day" in ov and "Cash" in ov
    assert "Consignment settlement" in pages["settlement"] and "Total" in pages["settlement"]
    assert "OCOP certificates expired or expiring within" in pages["stock"]
    # the other user still gets Vietnamese
    v = browser_session(office, "viewer1")
    page = v.get(f"{office.url}/office?start={DAY1}&end={DAY2}", timeout=30).text
    assert '<html lang="vi">' in page and ">Tổng quan</a>" in page and "Doanh thu bán" in page
    assert "Xem báo cáo" in page and "Sign out" not in page


def test_errors_on_pages_in_the_users_language(office):
    s = browser_session(office, "office")
    page = s.get(f"{office.url}/office/catalog", timeout=30).text
    s.post(f"{office.url}/office/lang", data={"lang": "en", "next": "/office/catalog", "csrf": csrf(page)}, timeout=30)
    page = s.get(f"{office.url}/office/settlement", params={"start": "31/02/2026", "end": "22/11/2026"},
                 timeout=30).text
    assert "From is not valid: &#x27;31/02/2026&#x27; — type it as dd/mm/yyyy" in page
    r = s.post(f"{office.url}/office/catalog/producer/{office.cat.producer_hh}/commission",
               data={"csrf": csrf(page), "percent": "abc", "effective_from": "01/01/2027"}, timeout=30)
    assert r.status_code == 422 and "Not saved: invalid change: &#x27;abc&#x27;" in r.text
    r = s.post(f"{office.url}/office/catalog/prices", data={"csrf": csrf(page), "effective_day": "01/01/2027",
                                                            "items": "MUOI-500 48000"}, timeout=30)
    assert "Not saved: line 1: expected &#x27;SKU; price&#x27;" in r.text
    form = {"csrf": csrf(page), "sku": "MUOI-500", "name_vi": "Muối hầm Bạc Liêu 500g", "unit": "hũ",
            "producer_id": office.cat.producer_hh, "price": "abc", "vat_rate": "0", "active": "1"}
    r = s.post(f"{office.url}/office/catalog/product/{office.cat.salt}", data=form, timeout=30)
    assert r.status_code == 422 and "price (₫): not a whole number: &#x27;abc&#x27;" in r.text
    assert "<h1>Edit product</h1>" in r.text
    r = s.post(f"{office.url}/office/catalog/product/new", data={**form, "price": "1000", "producer_id": "nope"},
               timeout=30)
    assert r.status_code == 422 and "no producer nope" in r.text
    s.post(f"{office.url}/office/lang", data={"lang": "vi", "next": "/office", "csrf": csrf(page)}, timeout=30)
    page = s.get(f"{office.url}/office/settlement", params={"start": "31/02/2026"}, timeout=30).text
    assert "Từ ngày không hợp lệ: &#x27;31/02/2026&#x27;" in page
    r = s.post(f"{office.url}/office/catalog/product/{office.cat.salt}", data={**form, "csrf": csrf(page)}, timeout=30)
    assert r.status_code == 422 and "giá bán (₫): không phải số nguyên: &#x27;abc&#x27;" in r.text


@pytest.mark.parametrize("lang", ["xx", ""])
def test_an_unknown_language_is_refused(office, lang):
    r = requests.post(f"{office.url}/office/lang", data={"lang": lang}, allow_redirects=False, timeout=30)
    assert r.status_code == 422


BAD_IMPORT = ("sku,name_vi,producer_code,price,barcodes\n"
              "MOI-1,Hàng mới,P99,10000,\n"               # row 2: no such producer
              "MOI-2,Hàng hai,P01,10000,8930000000018\n"  # row 3: wrong GS1 check digit (9 is right)
              "MOI-2,Hàng hai lặp,P01,10000,\n")          # row 4: the SKU of row 3 again

REFUSALS = {
    "en": ["there is no producer with code P99 (add a", "SKU MOI-2 is the same as on row 3",
           "barcode 8930000000018: wrong GS1 check digit (it should be 9)",
           "Not applied: rows with errors: 3; nothing was applied (first bad row: 2: there is no producer with code P99",
           "the period ends (2026-11-21) before it starts (2026-11-22)", "the period is too long (at most 400 days)"],
    "vi": ["không có nhà sản xuất mã P99 (thêm cột", "mã hàng MOI-2 trùng với dòng 3",
           "mã vạch 8930000000018: sai số kiểm tra GS1 (đúng ra là 9)",
           "Chưa áp dụng: số dòng có lỗi: 3, chưa áp dụng gì (dòng lỗi đầu tiên: 2: không có nhà sản xuất mã P99",
           "khoảng ngày kết thúc (2026-11-21) trước khi bắt đầu (2026-11-22)",
           "khoảng ngày quá dài (tối đa 400 ngày)"],
}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_import_rows_and_report_ranges_are_refused_in_the_users_language(office, lang):
    """A file with three bad rows (previewed, then applied anyway) and two bad report periods: each
    refusal in the reader's language, with the data (codes, rows, days) as they were."""
    s = browser_session(office, "office")
    page = s.get(f"{office.url}/office/catalog", timeout=30).text
    s.post(f"{office.url}/office/lang", data={"lang": lang, "next": "/office", "csrf": csrf(page)}, timeout=30)
    r = s.post(f"{office.url}/office/catalog/import", data={"csrf": csrf(page)},
               files={"file": ("hang.csv", BAD_IMPORT.encode())}, timeout=30)
    preview = htmllib.unescape(r.text)
    applied = htmllib.unescape(s.post(r.url + "/apply", data={"csrf": csrf(page)}, timeout=30).text)
    ended = s.get(f"{office.url}/office/settlement", params={"start": DAY2, "end": "2026-11-21"}, timeout=30).text
    long = s.get(f"{office.url}/office/settlement", params={"start": "2020-01-01", "end": DAY2}, timeout=30).text
    shown = [preview] * 3 + [applied, htmllib.unescape(ended), htmllib.unescape(long)]
    for text, page_text in zip(REFUSALS[lang], shown):
        assert text in page_text, (lang, text)
    other = REFUSALS["vi" if lang == "en" else "en"]
    assert not [t for t in other if t in preview + applied]
    # the API keeps the Vietnamese text whatever the page's language
    api = requests.Session()
    api.headers["Authorization"] = "Bearer " + requests.post(
        f"{office.url}/api/v1/auth/login", json={"username": "office", "password": PASSWORD}, timeout=30).json()["token"]
    rows = api.post(f"{office.url}/api/v1/office/imports", files={"file": ("hang.csv", BAD_IMPORT.encode())},
                    timeout=30).json()["preview"]
    assert rows[0]["errors"] == ["không có nhà sản xuất mã P99 (thêm cột 'Nhà sản xuất' để tạo mới)"]
