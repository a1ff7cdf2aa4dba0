"""A weekly opening rule's note in Finnish, Swedish and English (issue 16: every text a
resident reads can be stored in fi, sv and en), entered in the place editor and shown in the
page's language, or in Finnish marked as such (WCAG 3.1.2)."""

from datetime import date, time

import pytest
from django.utils import timezone

from turvaverkko.areas.tests.factories import PostalCodeFactory
from turvaverkko.directory.hours import HELSINKI
from turvaverkko.directory.models import OpeningRule

from .factories import OpeningExceptionFactory, OpeningRuleFactory, SiteFactory
from .test_editing import form_data

pytestmark = pytest.mark.django_db

EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"  # so that this week's table shows the rule, any day


def hours_block(html: str) -> str:
    return html[html.index('id="hours"') : html.index('<dl class="facts">')]


def test_olli_writes_the_note_in_finnish_and_swedish(client_as, personas):
    PostalCodeFactory(code="32700", municipality=personas.huittinen)  # form_data's
    site = SiteFactory(name_fi="Kemiön kylätalo", organizations=[personas.olli_org])
    editor = client_as("olli").get(f"/en/sites/{site.pk}/edit/").content.decode()
    for code, language in (("fi", "Finnish"), ("sv", "Swedish"), ("en", "English")):
        assert f'name="rules-0-description_{code}"' in editor
        assert f'<label for="id_rules-0-description_{code}">Note in {language}</label>' in editor
    data = form_data(
        name_fi="Kemiön kylätalo",
        **{
            "rules-TOTAL_FORMS": "1",
            "rules-0-byday": EVERY_DAY.split(","),
            "rules-0-opens_at": "18:00",
            "rules-0-closes_at": "20:00",
            "rules-0-repeats": "weekly",
            "rules-0-description_fi": "kyläilta",
            "rules-0-description_sv": "byakväll",
        },
    )
    response = client_as("olli").post(f"/fi/sites/{site.pk}/edit/", data)
    assert response.status_code == 302
    rule = OpeningRule.objects.get(site=site)
    assert (rule.description_fi, rule.description_sv) == ("kyläilta", "byakväll")
    assert not rule.description_en
    swedish = hours_block(client_as("anonymous").get(f"/sv/sites/{site.pk}/").content.decode())
    # In the list of regular hours and on each day of the week's table.
    assert swedish.count("byakväll") == 8 and "kyläilta" not in swedish
    finnish = hours_block(client_as("anonymous").get(f"/fi/sites/{site.pk}/").content.decode())
    assert finnish.count("kyläilta") == 8 and "byakväll" not in finnish
    assert 'lang="' not in swedish and 'lang="' not in finnish
    edited = client_as("olli").get(f"/en/sites/{site.pk}/edit/").content.decode()
    assert 'name="rules-0-description_sv" value="byakväll"' in edited


def test_a_note_without_the_pages_language_is_finnish_marked_as_such(client):
    site = SiteFactory(name_fi="Kylätalo", name_sv="Byagården", name_en="Village hall")
    OpeningRuleFactory(
        site=site, byday=EVERY_DAY, opens_at=time(18), closes_at=time(20), description_fi="kyläilta"
    )
    today = timezone.now().astimezone(HELSINKI).date()
    OpeningExceptionFactory(
        site=site,
        date=today,
        closed=False,
        opens_at=time(10),
        closes_at=time(12),
        description_fi="talkoot",
    )
    swedish = hours_block(client.get(f"/sv/sites/{site.pk}/").content.decode())
    # The regular hours list and the six days of the week the rule applies; today the
    # exception's hours apply, its note in the opening, beside the badge and in the list
    # of exceptions coming up.
    assert swedish.count('<span lang="fi">kyläilta</span>') == 7
    assert swedish.count('<span lang="fi">talkoot</span>') == 3
    assert "kyläilta" not in swedish.replace('<span lang="fi">kyläilta</span>', "")


def test_the_rest_api_gives_each_note_in_every_language(client):
    """An app reading /api/sites/ gets the rule's and the exception's notes as stored in each
    language, and the exception's `description` in the asked language."""
    site = SiteFactory(name_fi="Kemiön kylätalo", is_published=True)
    OpeningRuleFactory(
        site=site, byday="MO", opens_at=time(18), closes_at=time(20),
        description_fi="kyläilta", description_sv="byakväll",
    )  # fmt: skip
    OpeningExceptionFactory(
        site=site, date=date(2026, 12, 24), closed=True,
        description_fi="jouluaatto", description_sv="julafton", description_en="",
    )  # fmt: skip
    for lang, note in (("fi", "jouluaatto"), ("sv", "julafton"), ("en", "jouluaatto")):
        data = client.get(f"/api/sites/{site.pk}/", HTTP_ACCEPT_LANGUAGE=lang).json()
        (rule,) = data["opening_rules"]
        assert (rule["description_fi"], rule["description_sv"]) == ("kyläilta", "byakväll")
        assert rule["description_en"] is None  # never written
        (exception,) = data["opening_exceptions"]
        assert exception["description_sv"] == "julafton"
        assert exception["description_en"] == ""
        assert exception["description"] == note, lang
