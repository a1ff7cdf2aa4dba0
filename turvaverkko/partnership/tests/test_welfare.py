"""Welfare agreements on preparedness' Agreement: goals, commitments, the public aggregate."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from turvaverkko.partnership.models import Commitment, Goal, WelfareAgreement, WelfareParty
from turvaverkko.preparedness.models import Agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def welfare(personas):
    agreement = Agreement.objects.create(
        title="Huittisten hyvinvointisopimus 2025–2029",
        kind=Agreement.Kind.WELFARE,
        municipality=personas.huittinen,
        valid_from=date(2025, 6, 1),
        valid_to=date(2029, 5, 31),
    )
    agreement.organizations.set([personas.olli_org])
    welfare = WelfareAgreement.objects.create(
        agreement=agreement, council_term_start=2025, council_term_end=2029
    )
    city = WelfareParty.objects.create(
        welfare=welfare, name="Huittisten kaupunki", role="accountable"
    )
    martat = WelfareParty.objects.create(
        welfare=welfare, organization=personas.olli_org, role="implementing"
    )
    goal = Goal.objects.create(
        welfare=welfare,
        title_fi="Yksinäisyys vähenee",
        title_sv="Mindre ensamhet",
        age_group="older",
    )
    sub = Goal.objects.create(
        welfare=welfare, parent=goal, title_fi="Kohtaamispaikkoja kyliin", age_group="older"
    )
    Commitment.objects.create(
        goal=sub, title_fi="Kylätalon avoimet ovet", owner=martat, contact_name="Olli Yhteys",
        contact_email="olli@example.fi", volunteer_hours=120, euros=Decimal("300"), status="done",
    )  # fmt: skip
    Commitment.objects.create(
        goal=sub, title_fi="Kuljetus kohtaamispaikkaan", owner=city, volunteer_hours=0,
        euros=Decimal("2000"), status="in_progress",
    )  # fmt: skip
    return welfare


def test_the_public_page_shows_goals_and_aggregates_without_contacts(client, welfare):
    page = client.get(f"/fi/partnership/welfare/{welfare.pk}/").content.decode()
    assert "Yksinäisyys vähenee" in page and "Kohtaamispaikkoja kyliin" in page
    assert "Huittisten kaupunki" in page and "Huittisten Martat ry" in page
    assert "2300" in page and "120" in page
    assert "Olli Yhteys" not in page and "olli@example.fi" not in page
    assert (
        "Mindre ensamhet" in client.get(f"/sv/partnership/welfare/{welfare.pk}/").content.decode()
    )


def test_csv_and_json_are_aggregates(client, welfare):
    rows = list(csv.DictReader(io.StringIO(
        client.get(f"/fi/partnership/welfare/{welfare.pk}.csv").content.decode()
    )))  # fmt: skip
    sub = next(r for r in rows if r["goal"] == "Kohtaamispaikkoja kyliin")
    assert (sub["commitments"], sub["done"], sub["in_progress"]) == ("2", "1", "1")
    assert sub["parent"] == "Yksinäisyys vähenee" and sub["euros"] == "2300.00"
    data = client.get(f"/fi/partnership/welfare/{welfare.pk}.json").json()
    assert data["council_term"] == [2025, 2029]
    assert {p["role"] for p in data["parties"]} == {"accountable", "implementing"}
    assert "olli@example.fi" not in str(data) and "Olli Yhteys" not in str(data)


def test_manual_progress_needs_a_justification(welfare):
    commitment = Commitment.objects.get(title_fi="Kylätalon avoimet ovet")
    commitment.progress = 60
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert "progress_justification" in error.value.message_dict
    commitment.progress_justification = "Ovet auki 3 päivänä viikossa 5:stä suunnitellusta."
    commitment.full_clean()


def test_a_private_welfare_agreement_is_not_shown(client, welfare):
    welfare.is_public = False
    welfare.save()
    assert client.get(f"/fi/partnership/welfare/{welfare.pk}/").status_code == 404


def test_a_municipal_coordinator_builds_the_welfare_part_of_an_agreement(client_as, personas):
    agreement = Agreement.objects.create(
        title="Hyvinvointisopimus", kind=Agreement.Kind.WELFARE, municipality=personas.huittinen,
        valid_from=date(2025, 6, 1),
    )  # fmt: skip
    agreement.organizations.set([personas.olli_org])
    url = f"/fi/partnership/agreements/{agreement.pk}/welfare/"
    kaisa = client_as("kaisa")
    kaisa.post(url, {"op": "setup", "setup-council_term_start": "2025",
                     "setup-council_term_end": "2029", "setup-is_public": "on"})  # fmt: skip
    welfare = WelfareAgreement.objects.get()
    kaisa.post(url, {"op": "party", "party-organization": personas.olli_org.pk,
                     "party-role": "implementing"})  # fmt: skip
    kaisa.post(
        url, {"op": "goal", "goal-title_fi": "Yksinäisyys vähenee", "goal-age_group": "older"}
    )
    commitment = {
        "op": "commitment", "commitment-goal": welfare.goals.get().pk,
        "commitment-title_fi": "Avoimet ovet", "commitment-owner": welfare.parties.get().pk,
        "commitment-volunteer_hours": "50", "commitment-euros": "0",
        "commitment-status": "in_progress", "commitment-progress": "40",
    }  # fmt: skip
    refused = kaisa.post(url, commitment)
    assert refused.status_code == 200 and not Commitment.objects.exists()
    assert "progress_justification" in refused.context["forms"]["commitment"].errors
    commitment["commitment-progress_justification"] = "2 iltaa viikossa 5:stä."
    assert kaisa.post(url, commitment).status_code == 302
    assert Commitment.objects.get().progress == 40
    assert client_as("mikko").get(url).status_code == 403
    assert client_as("reetta").get(url).status_code == 403  # regional coordinators read only


def test_the_tables_page_lists_welfare_agreements(client_as, welfare):
    manage = f"/fi/partnership/agreements/{welfare.pk}/welfare/"
    assert manage in client_as("kaisa").get("/fi/partnership/").content.decode()
    reetta = client_as("reetta").get("/fi/partnership/").content.decode()
    assert "Huittisten hyvinvointisopimus" in reetta and manage not in reetta
