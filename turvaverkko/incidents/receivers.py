"""React to notify (a delivery that failed for good moves the alert to the deputy; an inbound
SMS is matched to a recipient and recorded as a reply) and to volunteers (an erased volunteer is
pseudonymised here too; the export includes incidents)."""

from django.dispatch import receiver

from turvaverkko.notify.signals import delivery_failed_permanently, message_received
from turvaverkko.volunteers.privacy import volunteer_erased, volunteer_export


@receiver(delivery_failed_permanently, dispatch_uid="incidents.delivery_failed")
def on_delivery_failed(sender, delivery, permanent, **kwargs):
    from .alerting.escalation import delivery_failed

    delivery_failed(delivery)


@receiver(message_received, dispatch_uid="incidents.sms_reply")
def on_message_received(sender, message, **kwargs):
    """An SMS is a volunteer's keyword (STOP, START, INFO) or a reply to an alert ("K 123");
    the answer tells the gateway what it was. notify calls this inside the transaction that
    stores the message."""
    if message.channel != "sms":
        return None
    from .replies.grammar import keyword
    from .replies.keywords import handle_keyword
    from .replies.recording import normalise_number, record_sms_reply

    word = keyword(message.text)
    if word is not None:
        done = handle_keyword(word, normalise_number(message.sender), message.pk)
        if done is not None:
            return done
    reply = record_sms_reply(message.sender, message.text, message.provider_id, message.pk)
    return "unclear" if reply.is_unclear else "recorded"


@receiver(volunteer_erased, dispatch_uid="incidents.volunteer_erased")
def on_volunteer_erased(sender, volunteer, pseudonym, **kwargs):
    from .privacy import pseudonymise_volunteer

    pseudonymise_volunteer(volunteer, pseudonym)


@receiver(volunteer_export, dispatch_uid="incidents.volunteer_export")
def on_volunteer_export(sender, volunteer, **kwargs):
    from .privacy import export_volunteer

    return {"incidents": export_volunteer(volunteer)}
