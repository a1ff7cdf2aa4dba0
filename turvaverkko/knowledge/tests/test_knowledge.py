import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import translation

from turvaverkko.knowledge import actions
from turvaverkko.knowledge.models import Implementation, OperatingModel, Project
from turvaverkko.registry.models import TaxonomyTerm
from turvaverkko.volunteers.models import Volunteer
from turvaverkko.volunteers.tests.factories import VolunteerFactory

from .seed import SEED_004

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Pages in English (/en/...), so that the assertions hold once fi and sv are translated."""
    with translation.override("en"):
        yield


SECTION_TITLES = ["Basic details", "Description of the operating model", "Development path"]


def _record(client):
    response = client.post(reverse("knowledge:model_create") + "?lang=fi", SEED_004)
    assert response.status_code == 302, response.content.decode()[:2000]
    return OperatingModel.objects.get()


def test_coordinator_records_model_and_where_it_runs_is_public_without_contacts(
    client_as, personas
):
    kaisa = client_as("kaisa")
    model = _record(kaisa)
    assert model.completeness() == 100
    assert model.status_of("fi") == "reviewed" and model.status_of("sv") == "missing"
    response = kaisa.post(
        reverse("knowledge:implementation_create", args=[model.pk]),
        {
            "municipality": personas.other_municipality.code,
            "organization": personas.other_org.pk,
            "started_on": "2021-03-01",
            "status": "piloting",
            "adaptations": "Kylätoimikunnat mukana.",
            "contact_name": "Ulla Yhteyshenkilö",
            "contact_email": "ulla.yhteys@example.fi",
        },
    )
    assert response.status_code == 302

    public = client_as("anonymous").get(reverse("knowledge:model_detail", args=[model.pk]))
    body = public.content.decode()
    assert "Where it runs" in body and "Muonio" in body and "Muonion Kyläyhdistys ry" in body
    assert "Ulla Yhteyshenkilö" not in body and "ulla.yhteys@example.fi" not in body
    assert '"lat": 67' in body or '"lat":67' in body  # the map's point for Muonio
    # A volunteer and an association admin do not see the contact either; coordinators do.
    for name, sees in (("ville", False), ("olli", False), ("mikko", True), ("kaisa", True)):
        page = client_as(name).get(reverse("knowledge:model_detail", args=[model.pk]))
        assert ("ulla.yhteys@example.fi" in page.content.decode()) is sees, name


def test_implementation_without_organisation_is_refused_and_keeps_input(client_as, personas):
    kaisa = client_as("kaisa")
    model = _record(kaisa)
    response = kaisa.post(
        reverse("knowledge:implementation_create", args=[model.pk]),
        {"municipality": "102", "status": "piloting", "adaptations": "Oma versio"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose the organisation from the registry or write its name." in body
    assert "Oma versio" in body
    assert not Implementation.objects.exists()


def test_volunteer_cannot_record_a_model(client_as, personas):
    response = client_as("ville").post(reverse("knowledge:model_create"), SEED_004)
    assert response.status_code == 403
    assert not OperatingModel.objects.exists()


def test_innokyla_copy_has_every_section_in_order(client_as, personas):
    model = _record(client_as("kaisa"))
    text = (
        client_as("anonymous")
        .get(reverse("knowledge:model_innokyla", args=[model.pk]))
        .content.decode()
    )
    positions = [text.index(f"## {title}") for title in SECTION_TITLES]
    assert positions == sorted(positions)
    fields = ["Name of the operating model", "Short description", "Basic idea of the solution",
              "Operating environment", "Target group and client insight",
              "Conditions for working and for adoption", "Evaluation: the intended change",
              "Evaluation: how the change is measured", "Understand (starting point and needs)",
              "Imagine and try", "Evaluate and spread"]  # fmt: skip
    found = [text.index(f + "\n") for f in fields]
    assert found == sorted(found)
    assert SEED_004["basic_idea_fi"] in text and SEED_004["innokyla_url"] in text


def test_languages_machine_text_is_never_shown_as_reviewed(client_as, personas):
    model = _record(client_as("kaisa"))
    actions.mark_machine_translation(model, "sv", {"name": "Partnerskap mitt i coronan"})
    assert model.status_of("sv") == "machine"
    page = (
        client_as("anonymous")
        .get(reverse("knowledge:model_detail", args=[model.pk]))
        .content.decode()
    )
    assert "SV: machine translation, not reviewed" in page
    assert "EN: missing" in page
    # Editing Swedish shows the status as a draft until the editor marks it reviewed.
    form = client_as("kaisa").get(reverse("knowledge:model_edit", args=[model.pk]) + "?lang=sv")
    assert 'value="draft" selected' in form.content.decode().replace("\n", " ") or (
        'value="draft" checked' in form.content.decode()
    )


def test_completeness_counts_required_fields_of_the_original_language(db):
    model = OperatingModel.objects.create(name_fi="Malli", basic_idea_fi="Idea")
    assert model.completeness() == 25  # 2 of Innokylä's 8 required fields


def test_faceted_search_csv_is_formula_safe_and_json_is_public(client_as, personas):
    theme = TaxonomyTerm.objects.create(
        taxonomy="theme", code="preparedness", name_fi="Varautuminen"
    )
    group = TaxonomyTerm.objects.create(
        taxonomy="target_group", code="associations", name_fi="Järjestöt"
    )
    a = OperatingModel.objects.create(name_fi='=HYPERLINK("x")', short_description_fi="A")
    a.themes.add(theme)
    a.target_groups.add(group)
    b = OperatingModel.objects.create(name_fi="Kumppanuuspöytä")
    Implementation.objects.create(
        model=b, municipality=personas.huittinen, organization=personas.olli_org,
        contact_email="salainen@example.fi",
    )  # fmt: skip
    anon = client_as("anonymous")
    listed = anon.get(reverse("knowledge:models"), {"theme": "preparedness"}).content.decode()
    assert "HYPERLINK" in listed and "Kumppanuuspöytä" not in listed
    listed = anon.get(reverse("knowledge:models"), {"municipality": "102"}).content.decode()
    assert "Kumppanuuspöytä" in listed and "HYPERLINK" not in listed
    rows = list(csv.reader(io.StringIO(
        anon.get(reverse("knowledge:models_csv"), {"target_group": "associations"}).content.decode()
    )))  # fmt: skip
    assert len(rows) == 2 and rows[1][0] == '\'=HYPERLINK("x")'
    data = json.loads(anon.get(reverse("knowledge:models_json"), {"municipality": "102"}).content)
    assert [r["name"] for r in data["results"]] == ["Kumppanuuspöytä"]
    assert data["results"][0]["implementations"][0]["organization"] == "Huittisten Martat ry"
    assert "salainen" not in json.dumps(data)


def test_project_parties_by_business_id_with_clear_errors(client_as, personas):
    personas.olli_org.business_id = "0201256-6"
    personas.olli_org.save()
    kaisa = client_as("kaisa")
    form = {
        "name_fi": "Pärjätään yhdessä", "code_scheme": "stea", "code": "5036",
        "grant_type": "C", "starts_on": "2016-01-01", "ends_on": "2019-12-31",
        "status": "ended", "municipalities": ["102"],
        "main_goal_fi": "Yhteinen auttamisjärjestelmä", "sub_goals_fi": "Verkosto\nHarjoitukset",
        "parties": "0201256-6 lead\n1234567-1 co_implementer",
    }  # fmt: skip
    response = kaisa.post(reverse("knowledge:project_create"), form)
    assert response.status_code == 200
    assert "Line 2: no organisation with Y-tunnus 1234567-1 in the registry." in (
        response.content.decode()
    )
    assert "Yhteinen auttamisjärjestelmä" in response.content.decode()  # nothing lost
    form["parties"] = "0201256-6 lead"
    assert kaisa.post(reverse("knowledge:project_create"), form).status_code == 302
    project = Project.objects.get()
    assert [(p.organization, p.role) for p in project.parties.all()] == [
        (personas.olli_org, "lead")
    ]
    assert project.sub_goal_list() == ["Verkosto", "Harjoitukset"]
    page = client_as("anonymous").get(reverse("knowledge:project_detail", args=[project.pk]))
    assert "Huittisten Martat ry" in page.content.decode()


def test_stea_report_prefills_volunteers_and_partners(client_as, personas):
    project = Project.objects.create(
        name_fi="Pärjätään yhdessä", code="5036", grant_type="C", starts_on=date(2016, 1, 1)
    )
    project.municipalities.add(personas.huittinen)
    project.parties.create(organization=personas.olli_org, role="lead")
    VolunteerFactory(home_municipality=personas.huittinen)
    Volunteer.objects.update(created_at=datetime(2026, 3, 1, tzinfo=UTC))
    url = reverse("knowledge:project_stea_report", args=[project.pk, 2026])
    assert client_as("olli").get(url).status_code == 403
    body = client_as("kaisa").get(url).content.decode()
    assert "Huittisten Martat ry" in body
    assert "<dt>Volunteers</dt><dd>2</dd>" in body  # Ville and the new volunteer
    assert "<dt>Participants</dt><dd>not recorded in Turvaverkko</dd>" in body


def test_yearly_review_reminder_finds_models_nobody_has_reviewed(db):
    old = OperatingModel.objects.create(
        name_fi="Vanha", reviewed_at=datetime(2025, 1, 1, tzinfo=UTC)
    )
    OperatingModel.objects.create(name_fi="Uusi", reviewed_at=datetime(2026, 11, 1, tzinfo=UTC))
    due = actions.models_due_for_review(datetime(2026, 12, 1, tzinfo=UTC), 365)
    assert list(due) == [old]
    actions.confirm_model(old, None)
    assert not actions.models_due_for_review(datetime(2026, 12, 1, tzinfo=UTC), 365).exists()


def test_review_reminder_is_sent_once_to_the_author(smtp_server, personas):
    from turvaverkko.knowledge.tasks import remind_reviews

    old = OperatingModel.objects.create(
        name_fi="Kumppanuuspöytä", created_by=personas.kaisa,
        reviewed_at=datetime(2025, 6, 1, tzinfo=UTC),
    )  # fmt: skip
    OperatingModel.objects.create(
        name_fi="Tuore malli", created_by=personas.kaisa,
        reviewed_at=datetime(2026, 11, 1, tzinfo=UTC),
    )  # fmt: skip
    now = datetime(2026, 12, 1, tzinfo=UTC)
    assert remind_reviews(now) == 1
    assert remind_reviews(now) == 0  # once
    (message,) = smtp_server.messages
    assert message["To"] == "kaisa@example.fi"
    assert "Kumppanuuspöytä" in message["Subject"]
    assert f"/fi/models/{old.pk}/" in smtp_server.bodies()[0]  # in Kaisa's language
    old.refresh_from_db()
    assert old.review_reminder_sent_at is not None
