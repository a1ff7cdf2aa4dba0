import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name,links", [("kaisa", True), ("reetta", False)])
def test_lists_link_to_forms_only_for_writers(client_as, plans, name, links):
    client = client_as(name)
    agreements = client.get(reverse("preparedness:agreements")).content.decode()
    risks = client.get(reverse("preparedness:risks")).content.decode()
    assert "Ensihuoltosopimus Martat" in agreements and "Pitkä sähkökatko talvella" in risks
    edit_agreement = reverse("preparedness:agreement_edit", args=[plans.agreement.pk])
    edit_risk = reverse("preparedness:risk_edit", args=[plans.risk.pk])
    assert (f'href="{edit_agreement}"' in agreements) == links
    assert (f'href="{edit_risk}"' in risks) == links
