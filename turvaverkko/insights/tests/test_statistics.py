"""Network statistics, the HXL who-does-what-where export, the report page and the dashboard."""

import csv
import io
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from turvaverkko.insights import statistics
from turvaverkko.insights.hxl import COLUMNS
from turvaverkko.registry.models import Organization
from turvaverkko.volunteers.models import Volunteer

from .factories import personal_strings

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")
YEAR = timezone.localdate().year


def months_ago(n: int) -> datetime:
    """The middle of the calendar month n months back, Helsinki time."""
    first = timezone.localdate().replace(day=1) - relativedelta(months=n)
    return datetime.combine(first + timedelta(days=14), time(12), tzinfo=HELSINKI)


@pytest.fixture
def dated(world):
    Organization.objects.filter(pk=world.martat.pk).update(created_at=months_ago(3))
    # This month, and never in the future (an organisation registered tomorrow does not count).
    this_month = min(months_ago(0), timezone.now())
    Organization.objects.filter(pk=world.red_cross.pk).update(created_at=this_month)
    Organization.objects.filter(pk=world.personas.other_org.pk).update(created_at=months_ago(30))
    Volunteer.objects.filter(pk=world.vilja.pk).update(created_at=months_ago(5))
    return world


def test_growth_per_month_in_the_coordinators_area(dated):
    rows = statistics.growth({"102"}, months=6)
    assert [r.month for r in rows][-1] == timezone.localdate().replace(day=1)
    assert [r.organisations_new for r in rows] == [0, 0, 1, 0, 0, 1]
    assert [r.organisations_total for r in rows] == [0, 0, 1, 1, 1, 2]
    assert [r.volunteers_new for r in rows] == [1, 0, 0, 0, 0, 1]  # Vilja, then Ville
    everywhere = statistics.growth(None, months=6)
    assert everywhere[0].organisations_total == 1  # Muonio's village association, 30 months ago


def test_comparison_and_funder_indicators(dated):
    rows = {r["code"]: r for r in statistics.comparison({"102", "783"})["rows"]}
    assert set(rows) == {"102", "783"}
    assert rows["102"] | {} == {
        **rows["102"],
        "residents": 305, "organisations": 2, "meeting_places": 1, "volunteers": 2,
        "active_volunteers": 1,
    }  # fmt: skip
    assert rows["102"]["volunteers_per_1000"] == pytest.approx(2 / 0.305)
    assert (rows["783"]["residents"], rows["783"]["organisations"]) == (400, 0)

    stea = {i["id"]: i for i in statistics.stea_indicators({"102"})}
    assert [stea[k]["value"] for k in ("network.organisations", "network.volunteers",
                                       "network.municipalities")] == [2, 2, 1]  # fmt: skip
    assert stea["preparedness.exercises"]["value"] == 0  # none held in the world
    national = {i["id"]: i["value"] for i in statistics.stea_indicators(None)}
    assert national["network.organisations"] == 3 and national["network.municipalities"] == 2


def test_statistics_page_has_charts_with_tables(dated, client_as):
    page = client_as("reetta").get("/en/insights/statistics/").content.decode()
    assert page.count('role="img"') == 3
    assert page.count("The figures as a table") == 3
    assert '<td class="num" data-indicator="preparedness.exercises">0</td>' in page
    assert '<td class="num" data-indicator="network.organisations">2</td>' in page
    assert "Säkylä" in page and "Muonio" not in page
    for secret in personal_strings(dated):
        assert secret not in page


def hxl(client) -> list[list[str]]:
    response = client.get("/en/insights/export/3w-hxl.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_hxl_who_does_what_where(world, client_as):
    rows = hxl(client_as("kaisa"))
    assert rows[1] == [tag for _key, tag in COLUMNS]
    assert rows[1][:3] == ["#org +name", "#org +code +v_fi_ytunnus", "#org +type"]
    assert "#adm2 +code +v_fi_kunta" in rows[1] and "#adm1 +code +v_fi_maakunta" in rows[1]
    data = [dict(zip(rows[1], row, strict=True)) for row in rows[2:]]
    by_org = {row["#org +name"]: row for row in data}
    assert set(by_org) == {"Huittisten Martat ry", "SPR Huittisten osasto"}  # not Muonio's
    # One sector per row: the Martat's club at Olohuone once for each of its two themes.
    martat_rows = [row for row in data if row["#org +name"] == "Huittisten Martat ry"]
    assert [row["#sector"] for row in martat_rows] == ["Ikäihmiset", "Vertaistuki"]
    assert {row["#loc +name"] for row in martat_rows} == {"Olohuone"}
    martat = martat_rows[0]
    assert martat["#activity +name"] == "Ikäihmisten kerho"
    assert martat["#beneficiary +type"] == "Ikääntyneet"
    assert (martat["#adm1 +code +v_fi_maakunta"], martat["#adm2 +code +v_fi_kunta"],
            martat["#adm2 +name"]) == ("MK04", "102", "Huittinen")  # fmt: skip
    assert martat["#contact +email"] == "martat@example.org"
    assert float(martat["#geo +lat"]) == pytest.approx(world.cafe.latitude, abs=1e-5)
    red_cross = by_org["SPR Huittisten osasto"]  # no places: a row for its municipality
    assert red_cross["#org +code +v_fi_ytunnus"] == "0201256-6"
    assert red_cross["#org +type"] == "red_cross_branch"
    assert (red_cross["#loc +name"], red_cross["#adm2 +code +v_fi_kunta"]) == ("", "102")
    assert red_cross["#sector"] == "Varautuminen"
    assert red_cross["#contact +phone"] == "+35825550002"
    assert red_cross["#status"] == "active"

    everything = hxl(client_as("admin"))
    assert "Muonion Kyläyhdistys ry" in {row[0] for row in everything[2:]}
    text = "\n".join(",".join(row) for row in everything)
    for secret in personal_strings(world):
        assert secret not in text


def test_report_page_has_sections_charts_and_downloads(world, client_as):
    page = client_as("kaisa").get(f"/en/insights/report/102/{YEAR}/").content.decode()
    assert "<h1>Associations in the welfare report: Huittinen" in page
    for heading in ("1. Summary", "3. Wellbeing of the population", "6. Appendix"):
        assert heading in page
    assert "The population grid is synthetic." in page
    # Rounded, not cut: 300 / 305 = 98.36 %, and 20 of 70 children within 1 km = 28.57 %.
    assert '<td class="num">98.4 %</td>' in page and '<td class="num">28.6 %</td>' in page
    assert "There is 1 low-threshold meeting place, open 20.0 hours a week." in page
    assert page.count('role="img"') >= 4
    for fmt in ("pdf", "docx", "csv", "xlsx"):
        assert f"/en/insights/report/102/{YEAR}/report.{fmt}" in page
    for secret in personal_strings(world):
        assert secret not in page


def test_report_form_goes_to_the_chosen_report(world, client_as):
    client = client_as("reetta")
    response = client.get("/en/insights/report/", {"municipality": "783", "year": YEAR - 1})
    assert response["Location"] == f"/en/insights/report/783/{YEAR - 1}/"
    future = client.get("/en/insights/report/", {"municipality": "783", "year": YEAR + 1})
    assert future.status_code == 400
    assert "The year cannot be in the future." in future.content.decode()


def test_dashboard_links_for_coordinators_only(world, client_as):
    kaisa = client_as("kaisa").get("/en/dashboard/").content.decode()
    for url in ("/en/insights/coverage/", "/en/insights/report/", "/en/insights/statistics/",
                "/en/insights/export/3w-hxl.csv"):  # fmt: skip
        assert url in kaisa
    assert "/en/insights/" not in client_as("olli").get("/en/dashboard/").content.decode()
