"""A readiness centre's "how to get in / key holder" is printed in the coordinators' paper
pack instead of the owner's first contacts; it is shown to those who may edit the resource,
never in the public pack (issue 10 §6 leftover)."""

import pytest
from django.urls import reverse

from turvaverkko.preparedness.paper import pack_document
from turvaverkko.resources.models import Resource

from .test_blackout_pack import network, page_texts  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

KEYS = "Avain: vahtimestari Matti Virtanen 040 765 4321, avainkaappi ovella (koodi 4711)"


def offline_text(personas, private=True) -> str:
    document = pack_document(personas.huittinen, user=personas.kaisa, language="en")
    text = "\n".join(page_texts(document))
    return " ".join(text[text.index("When phones do not work") :].split())


def test_the_pack_prints_the_key_holder_instead_of_the_owners_contacts(
    network,  # noqa: F811 (fixture)
    personas,
):
    assert "Eka 1 040 555 0001" in offline_text(personas)  # no key holder yet: the contacts
    Resource.objects.filter(name="Valmiuskeskus Lauttakylä").update(key_holder=KEYS)
    offline = offline_text(personas)
    assert "Matti Virtanen 040 765 4321" in offline and "koodi 4711" in offline
    centre = offline[offline.index("Valmiuskeskus Lauttakylä") : offline.index("Runner plan")]
    assert "Eka 1" not in centre


def test_the_key_holder_is_edited_and_shown_to_coordinators_only(
    network,  # noqa: F811 (fixture)
    personas,
    client_as,
):
    centre = Resource.objects.get(name="Valmiuskeskus Lauttakylä")
    kaisa = client_as("kaisa")
    form = kaisa.get(reverse("resources:edit", args=[centre.pk])).content.decode()
    assert 'name="key_holder"' in form
    Resource.objects.filter(pk=centre.pk).update(key_holder=KEYS)
    detail = reverse("resources:detail", args=[centre.pk])
    assert "Matti Virtanen" in kaisa.get(detail).content.decode()
    response = client_as("ville").get(detail)
    assert "Matti Virtanen" not in response.content.decode()
    public = client_as("anonymous").get(
        reverse("preparedness:paper_pack", args=[personas.huittinen.code])
    )
    assert public.status_code in (302, 403)  # the pack with names is not public
