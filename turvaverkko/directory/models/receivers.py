"""What other saves change in the directory: an organisation's new name in its services'
search text, a service's `modified_at` when its sites or hours change (HSDS's
`last_modified`), and web addresses stored in IDNA form."""

import contextlib

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from turvaverkko.core.weburl import to_uri
from turvaverkko.registry.models import Organization, TaxonomyTerm

from .opening import OpeningException, OpeningRule
from .search_text import service_search_text
from .sites import Service, Site


@receiver(post_save, sender=Organization, dispatch_uid="directory_service_search_text")
def _refresh_service_search_text(sender, instance, raw=False, **kwargs):
    """An organisation's new name must be findable in its services' search text."""
    if raw:
        return
    names = [n for n in (instance.name_fi, instance.name_sv, instance.name_en) if n]
    changed = []
    for service in Service.objects.filter(organization=instance):
        text = service_search_text(service, names)
        if text != service.search_text:
            service.search_text = text
            changed.append(service)
    Service.objects.bulk_update(changed, ["search_text"], batch_size=500)
    Service.objects.filter(organization=instance).update(modified_at=timezone.now())


# --- What HSDS serves as a service's last_modified -----------------------------------------
# A service is served with its sites (and their opening hours) and its organisation's name,
# so a change to any of them is a change of the service: its `modified_at` moves too (the
# site editor and the API write rules with update(), after saving the site).


def touch_services_at(site_id) -> None:
    Service.objects.filter(at_locations__site_id=site_id).update(modified_at=timezone.now())


@receiver(post_save, sender=Site, dispatch_uid="directory_site_touches_services")
def _site_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_services_at(instance.pk)


@receiver(post_save, sender=OpeningRule, dispatch_uid="directory_rule_saved")
@receiver(post_delete, sender=OpeningRule, dispatch_uid="directory_rule_deleted")
@receiver(post_save, sender=OpeningException, dispatch_uid="directory_exception_saved")
@receiver(post_delete, sender=OpeningException, dispatch_uid="directory_exception_deleted")
def _hours_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    now = timezone.now()
    if instance.site_id:
        Site.objects.filter(pk=instance.site_id).update(modified_at=now)
        touch_services_at(instance.site_id)
    if getattr(instance, "service_id", None):
        Service.objects.filter(pk=instance.service_id).update(modified_at=now)


# --- Web addresses in IDNA form ------------------------------------------------------------
# Forms, the API and imports all save through here, so `std-kylä.fi` is stored as the URI
# `xn--std-kyl-cxa.fi`. An address that cannot be converted is kept as typed; HSDS then
# leaves it out (serializers.served_uri) rather than serve an invalid `uri`.

URL_FIELDS = {Site: "url", Service: "url", Organization: "website", TaxonomyTerm: "term_uri"}


@receiver(pre_save, dispatch_uid="directory_urls_as_uris")
def _urls_as_uris(sender, instance, raw=False, **kwargs):
    name = URL_FIELDS.get(sender)
    if name is None or raw:
        return
    with contextlib.suppress(ValueError):
        setattr(instance, name, to_uri(getattr(instance, name) or ""))
