"""Reetta records Satakunta's wellbeing negotiation: the figures of Huittinen's welfare
agreement, kept as they stood, and next year's target; the pages pass axe."""

from datetime import date

import pytest

from turvaverkko.partnership.models import (
    IndicatorYear,
    Negotiation,
    WelfareAgreement,
    WelfareIndicator,
)
from turvaverkko.preparedness.models import Agreement
from turvaverkko.web.testing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_wellbeing_negotiation_pages(page, login_page, personas):
    agreement = Agreement.objects.create(
        title="Huittisten hyvinvointisopimus", kind=Agreement.Kind.WELFARE,
        municipality=personas.huittinen, valid_from=date(2025, 1, 1), valid_to=date(2029, 12, 31),
    )  # fmt: skip
    welfare = WelfareAgreement.objects.create(
        agreement=agreement, council_term_start=2025, council_term_end=2029
    )
    places = WelfareIndicator.objects.create(
        welfare=welfare, measure_fi="Kohtaamispaikat", registry_id="network.meeting_places",
        baseline_year=2025, baseline_value=0,
    )  # fmt: skip
    welfare.goals.create(title_fi="Yksinäisyys vähenee")
    login_page(personas.kaisa)  # the municipal coordinator keeps the agreement
    page.goto(f"{page.base}/fi/partnership/agreements/{agreement.pk}/welfare/")
    assert "Kohtaamispaikat" in page.locator("#indicators").inner_text()
    assert_no_axe_violations(page)
    page.goto(f"{page.base}/sv/partnership/welfare/{welfare.pk}/")
    assert_no_axe_violations(page)
    page.context.clear_cookies()
    login_page(personas.reetta)
    page.goto(f"{page.base}/fi/partnership/negotiations/")
    assert_no_axe_violations(page)
    page.click("#add-create summary")
    page.select_option("#id_county", str(personas.huittinen.county_id))
    page.fill("#id_year", "2026")
    page.click("#save-create")
    negotiation = Negotiation.objects.get()
    assert page.locator("table.negotiation-figures").inner_text().count("Kohtaamispaikat") == 1
    assert_no_axe_violations(page)
    page.click("#freeze")
    assert page.locator("#frozen").is_visible()
    page.fill(f"#target-{places.pk}", "3")
    page.click("#save-targets")
    assert IndicatorYear.objects.get(indicator=places, year=2027).target == 3
    negotiation.refresh_from_db()
    assert negotiation.frozen_at is not None
    assert_no_axe_violations(page)
