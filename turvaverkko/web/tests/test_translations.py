"""The user interface is complete in Finnish and Swedish, and the catalogues match the code."""

import gettext
import importlib.util
import sys
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "turvaverkko" / "locale"


def _load_tool():
    name = "turvaverkko_translations_tool"
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


def _entries(lang):
    return [e for e in tool.read_po(LOCALE / lang / "LC_MESSAGES" / "django.po") if e.msgid]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_message_is_translated_and_not_fuzzy(lang):
    entries = _entries(lang)
    assert len(entries) > 1000
    untranslated = [e.msgid for e in entries if not all(e.msgstr)]
    fuzzy = [e.msgid for e in entries if e.fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_placeholders_and_markup_survive_translation(lang):
    wrong = {}
    for entry in _entries(lang):
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
        for source, translated in zip(sources, entry.msgstr, strict=True):
            if tool.placeholders(source) != tool.placeholders(translated):
                wrong[source] = translated
    assert wrong == {}


def test_placeholder_check_catches_a_broken_translation():
    assert tool.placeholders("%(n)s places, %s, {name}, <b>x</b>, 5 %%") == sorted(
        ["%(n)s", "%s", "{name}", "<b>", "</b>", "%%"]
    )
    assert tool.placeholders("%(n)s paikkaa") != tool.placeholders("%(count)s paikkaa")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_compiled_catalogue_is_current(lang):
    """The committed .mo holds exactly what the .po says, so no one forgot to compile."""
    with open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    expected = {}
    for entry in _entries(lang):
        key = entry.key
        if entry.msgid_plural is None:
            if entry.msgstr[0]:
                expected[key] = entry.msgstr[0]
        elif all(entry.msgstr):
            for i, form in enumerate(entry.msgstr):
                expected[(key, i)] = form
    compiled = {k: v for k, v in catalog.items() if k != ""}
    assert compiled == expected
    assert "nplurals=2; plural=(n != 1);" in catalog[""]


def test_plural_forms_follow_the_number():
    with translation.override("fi"):
        assert translation.ngettext("%(n)s place", "%(n)s places", 1) == "%(n)s paikka"
        assert translation.ngettext("%(n)s place", "%(n)s places", 2) == "%(n)s paikkaa"
    with translation.override("sv"):
        assert translation.ngettext("%(n)s place", "%(n)s places", 1) == "%(n)s plats"
        assert translation.ngettext("%(n)s place", "%(n)s places", 0) == "%(n)s platser"


def test_catalogues_hold_every_message_of_the_code(tmp_path, monkeypatch):
    """makemessages finds no message that the committed catalogues lack (run `make messages`)."""
    monkeypatch.chdir(ROOT)
    fresh = tool.fresh_keys(tmp_path)
    committed = {e.key for e in _entries("fi")}
    assert sorted(fresh - committed) == []
    assert sorted(committed - fresh) == []


@pytest.mark.parametrize(
    ("lang", "heading", "skip_link"),
    [
        ("fi", "Hae apua läheltäsi", "Siirry sisältöön"),
        ("sv", "Sök hjälp nära dig", "Hoppa till innehållet"),
        ("en", "Find help near you", "Skip to content"),
    ],
)
def test_search_page_speaks_the_language_of_its_address(client, db, lang, heading, skip_link):
    response = client.get(f"/{lang}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    assert heading in html
    assert skip_link in html


@pytest.mark.parametrize(
    ("lang", "title", "sentence"),
    [
        ("fi", "Saavutettavuusseloste", "laki digitaalisten palvelujen tarjoamisesta (306/2019)"),
        ("sv", "Tillgänglighetsutlåtande", "lagen om tillhandahållande av digitala tjänster"),
        ("en", "Accessibility statement", "Act on the Provision of Digital Services (306/2019)"),
    ],
)
def test_accessibility_statement_exists_in_each_language(client, db, lang, title, sentence):
    response = client.get(f"/{lang}/accessibility/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in html
    assert sentence in html


def test_accessibility_statement_names_feedback_channel_authority_and_date(client, db, settings):
    """Act 306/2019 §16: the statement tells where to give feedback, the supervisory
    authority, and when it was reviewed; the operator sets its own address and date."""
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = "saavutettavuus@huittinen.example"
    settings.ACCESSIBILITY_STATEMENT_DATE = "2026-11-20"
    html = client.get("/fi/accessibility/").content.decode()
    assert 'href="mailto:saavutettavuus@huittinen.example"' in html
    assert "Etelä-Suomen aluehallintovirasto" in html
    assert "saavutettavuus@avi.fi" in html
    assert "20.11.2026" in html
    sv = client.get("/sv/accessibility/").content.decode()
    assert "Regionförvaltningsverket i Södra Finland" in sv


def test_swedish_page_has_no_finnish_interface_text(client, db):
    html = client.get("/sv/").content.decode()
    for finnish in ("Hae apua", "Kirjaudu sisään", "Ryhdy vapaaehtoiseksi", "Hätätilanteessa"):
        assert finnish not in html


@pytest.mark.parametrize(
    ("lang", "greeting", "instruction"),
    [
        ("fi", "Hei,", "Linkki toimii kerran ja vanhenee 3 päivän kuluttua."),
        ("sv", "Hej,", "Länken fungerar en gång och går ut om 3 dagar."),
    ],
)
def test_invitation_email_is_translated(lang, greeting, instruction):
    context = {
        "inviter": None,
        "organization": {"name": "Huittisten Kyläyhdistys ry"},
        "url": "https://example.org/x",
        "days": 3,
    }
    with translation.override(lang):
        text = render_to_string("registry/email/invitation.txt", context)
    assert text.startswith(greeting)
    assert instruction in text
    assert "Huittisten Kyläyhdistys ry" in text
