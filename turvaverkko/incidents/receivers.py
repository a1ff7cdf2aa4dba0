"""React to notify: a delivery that failed for good moves the alert to the deputy."""

from django.dispatch import receiver

from turvaverkko.notify.signals import delivery_failed_permanently


@receiver(delivery_failed_permanently, dispatch_uid="incidents.delivery_failed")
def on_delivery_failed(sender, delivery, permanent, **kwargs):
    from .actions import delivery_failed

    delivery_failed(delivery)
