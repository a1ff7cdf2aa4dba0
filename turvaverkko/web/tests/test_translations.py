"""The user interface is complete in Finnish and Swedish, and the catalogues match the code."""

import importlib.util
import json
import shutil
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
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


def _entries(lang):
    return tool.messages(tool.catalogue(lang))


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_message_is_translated_and_not_fuzzy(lang):
    entries = _entries(lang)
    assert len(entries) > 1000
    untranslated = [e.msgid for e in entries if not all(tool.translations(e))]
    fuzzy = [e.msgid for e in entries if e.fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_placeholders_and_markup_survive_translation(lang):
    wrong = {}
    for entry in _entries(lang):
        for source, translated in zip(tool.sources(entry), tool.translations(entry), strict=True):
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
    assert tool.stale_compiled(lang) == []
    compiled, header = tool.read_compiled(LOCALE / lang / "LC_MESSAGES" / "django.mo")
    assert header["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert len(compiled) == (
        0 if lang == "en" else len(tool.expected_compiled(tool.catalogue(lang)))
    )


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
    committed = {tool.key(e) for e in _entries("fi")}
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


# --- the tool's merge, todo and .mo checks on a small catalogue -------------------------------


@pytest.fixture
def small_locale(tmp_path, monkeypatch):
    """fi and sv catalogues with an untranslated, a fuzzy plural and a context message."""
    import polib

    locale = tmp_path / "locale"
    for lang in ("fi", "sv"):
        po = polib.POFile(wrapwidth=79)
        po.metadata = {
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
        }
        po.append(polib.POEntry(msgid="Save", msgstr="", occurrences=[("web/a.html", "")]))
        po.append(
            polib.POEntry(
                msgid="%(n)s place",
                msgid_plural="%(n)s places",
                msgstr_plural={0: "%(n)s paikka", 1: "%(n)s paikkaa"},
                flags=["fuzzy", "python-format"],
                previous_msgid="%(n)s site",
                occurrences=[("web/b.py", "")],
            )
        )
        po.append(polib.POEntry(msgctxt="month", msgid="May", msgstr="toukokuu"))
        path = tool.po_path(lang, locale)
        path.parent.mkdir(parents=True)
        po.save(str(path))
    monkeypatch.setattr(tool, "LOCALE_DIR", locale)
    return locale


def _by_key(locale, lang):
    return {tool.key(e): e for e in tool.messages(tool.catalogue(lang, locale))}


def test_merge_writes_every_pending_file_of_a_directory(small_locale, tmp_path, capsys):
    pending = tmp_path / "pending"
    pending.mkdir()
    (pending / "README.md").write_text("not a batch")
    (pending / "a.json").write_text(json.dumps({"Save": {"fi": "Tallenna", "sv": "Spara"}}))
    (pending / "b.json").write_text(
        json.dumps(
            {
                "%(n)s place": {
                    "fi": ["%(n)s paikka", "%(n)s paikkaa"],
                    "sv": ["%(n)s plats", "%(n)s platser"],
                },
                "month\u0004May": {"sv": "maj"},
            }
        )
    )
    assert tool.main(["merge", str(pending)]) == 0
    assert "fi: 2 translations written from 2 file(s)" in capsys.readouterr().out
    fi, sv = _by_key(small_locale, "fi"), _by_key(small_locale, "sv")
    assert fi["Save"].msgstr == "Tallenna"
    assert sv["Save"].msgstr == "Spara"
    assert sv["%(n)s place"].msgstr_plural == {0: "%(n)s plats", 1: "%(n)s platser"}
    assert not fi["%(n)s place"].fuzzy
    assert fi["%(n)s place"].previous_msgid is None
    assert "python-format" in fi["%(n)s place"].flags
    assert sv["month\u0004May"].msgstr == "maj"
    assert fi["month\u0004May"].msgstr == "toukokuu"  # no Finnish in the batch: unchanged
    assert [tool.problems(e) for e in fi.values()] == [[], [], []]


def test_merge_reports_messages_the_catalogue_lacks_and_wrong_plural_shapes(
    small_locale, tmp_path, capsys
):
    batch = tmp_path / "x.json"
    batch.write_text(
        json.dumps(
            {
                "Save": {"fi": "Tallenna"},
                "Reworded text": {"fi": "Muotoiltu teksti"},
                "%(n)s place": {"fi": "%(n)s paikka"},
            }
        )
    )
    assert tool.main(["merge", str(batch)]) == 1
    out = capsys.readouterr().out
    assert "not in the catalogue (run `extract` first?): 'Reworded text'" in out
    assert "plural message needs a list of 2 forms: '%(n)s place'" in out
    fi = _by_key(small_locale, "fi")
    assert fi["Save"].msgstr == "Tallenna"
    assert fi["%(n)s place"].fuzzy


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not a readable JSON file"),
        ('["Save"]', "expected an object"),
        ('{"Save": {"en": "Save"}}', "has language 'en'; use fi, sv"),
        ('{"Save": {"fi": ""}}', "must be a non-empty string"),
    ],
)
def test_merge_refuses_a_malformed_file_and_writes_nothing(
    small_locale, tmp_path, capsys, content, message
):
    before = tool.po_path("fi", small_locale).read_bytes()
    good, bad = tmp_path / "a.json", tmp_path / "b.json"
    good.write_text(json.dumps({"Save": {"fi": "Tallenna"}}))
    bad.write_text(content)
    shutil.copy(good, tmp_path / "dir-a.json")
    assert tool.main(["merge", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err
    assert tool.po_path("fi", small_locale).read_bytes() == before


def test_merge_refuses_two_files_that_translate_a_message_differently(
    small_locale, tmp_path, capsys
):
    before = tool.po_path("fi", small_locale).read_bytes()
    pending = tmp_path / "pending"
    pending.mkdir()
    (pending / "a.json").write_text(json.dumps({"Save": {"fi": "Tallenna", "sv": "Spara"}}))
    (pending / "b.json").write_text(json.dumps({"Save": {"fi": "Tallenna", "sv": "Lagra"}}))
    assert tool.main(["merge", str(pending)]) == 2
    err = capsys.readouterr().err
    assert "a.json and" in err
    assert "b.json translate 'Save' (sv) differently: 'Spara' and 'Lagra'" in err
    assert tool.po_path("fi", small_locale).read_bytes() == before


def test_todo_lists_untranslated_and_fuzzy_messages(small_locale, capsys):
    assert tool.main(["todo", "fi"]) == 0
    todo = json.loads(capsys.readouterr().out)
    assert todo == {
        "Save": "web/a.html",
        "%(n)s place": {
            "where": "web/b.py",
            "plural": "%(n)s places",
            "guess": ["%(n)s paikka", "%(n)s paikkaa"],
        },
    }


def test_stale_compiled_catalogue_is_reported(small_locale):
    po = tool.catalogue("fi", small_locale)
    po.save_as_mofile(str(tool.mo_path("fi", small_locale)))
    assert tool.stale_compiled("fi", small_locale) == []
    po[2].msgstr = "toukok."
    po[0].msgstr = "Tallenna"
    po.save()
    assert tool.stale_compiled("fi", small_locale) == [
        "not compiled: 'Save'",
        "compiled differently: 'month\\x04May'",
    ]
