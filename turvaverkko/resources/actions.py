"""Named write operations on resources; history records who changed what."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from turvaverkko.areas.geo import to_tm35fin

from .models import Resource


def _audit(instance, user, reason=""):
    instance._history_user = user if user is not None and user.is_authenticated else None
    if reason:
        instance._change_reason = reason


def _locate(resource: Resource):
    if resource.latitude is not None and resource.longitude is not None:
        resource.easting, resource.northing = to_tm35fin(resource.latitude, resource.longitude)
    else:
        resource.easting = resource.northing = None


@transaction.atomic
def save_resource(resource: Resource, user) -> Resource:
    """Create or update from a validated form's instance; stamps the data as confirmed."""
    _locate(resource)
    resource.confirmed_at = timezone.now()
    _audit(resource, user, _("resource saved"))
    resource.save()
    return resource


@transaction.atomic
def confirm_resource(resource: Resource, user) -> Resource:
    """'All data is current': the yearly re-confirmation, as for organisations."""
    resource.confirmed_at = timezone.now()
    _audit(resource, user, _("data confirmed as current"))
    resource.save(update_fields=["confirmed_at", "modified_at"])
    return resource


@transaction.atomic
def delete_resource(resource: Resource, user) -> None:
    _audit(resource, user, _("resource deleted"))
    resource.delete()
