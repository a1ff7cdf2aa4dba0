"""React to notify (a delivery that failed for good moves the alert to the deputy) and to
volunteers (an erased volunteer is pseudonymised here too; the export includes incidents)."""

from django.dispatch import receiver

from turvaverkko.notify.signals import delivery_failed_permanently
from turvaverkko.volunteers.privacy import volunteer_erased, volunteer_export


@receiver(delivery_failed_permanently, dispatch_uid="incidents.delivery_failed")
def on_delivery_failed(sender, delivery, permanent, **kwargs):
    from .actions import delivery_failed

    delivery_failed(delivery)


@receiver(volunteer_erased, dispatch_uid="incidents.volunteer_erased")
def on_volunteer_erased(sender, volunteer, pseudonym, **kwargs):
    from .privacy import pseudonymise_volunteer

    pseudonymise_volunteer(volunteer, pseudonym)


@receiver(volunteer_export, dispatch_uid="incidents.volunteer_export")
def on_volunteer_export(sender, volunteer, **kwargs):
    from .privacy import export_volunteer

    return {"incidents": export_volunteer(volunteer)}
