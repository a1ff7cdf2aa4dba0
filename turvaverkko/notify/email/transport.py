"""E-mail through Django's mail backend, one SMTP connection per batch.

Every message carries a Message-ID made from the delivery's key, the same on every attempt.
SMTP has no way to ask a server whether it already took a message, so a delivery whose
worker was killed between the server's "250 OK" and the database commit is sent again with
the same Message-ID (docs/notify.md, "The guarantee").
"""

import contextlib
import smtplib
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from ..transports import Transport, TransportError


def message_id(delivery) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "turvaverkko"
    return f"<{delivery.key}@{domain}>"


class EmailTransport(Transport):
    channel = "email"

    def __init__(self, timeout: float = 10.0):
        super().__init__(timeout)
        self.connection = None

    def open(self) -> None:
        """Connect now, so the batch's messages share this connection (an SMTP backend
        that is not open connects and disconnects around every message)."""
        connection = get_connection(fail_silently=False, timeout=self.timeout)
        connection.open()
        self.connection = connection

    def close(self) -> None:
        if self.connection is not None:
            # Closing a broken connection may fail; there is nothing more to do with it.
            with contextlib.suppress(Exception):
                self.connection.close()
            self.connection = None

    def send(self, delivery) -> str:
        msg = EmailMultiAlternatives(
            subject=delivery.subject,
            body=delivery.body,
            to=[delivery.address],
            headers={"Message-ID": message_id(delivery), "Auto-Submitted": "auto-generated"},
        )
        if delivery.html:
            msg.attach_alternative(delivery.html, "text/html")
        try:
            if self.connection is None:
                self.open()
            msg.connection = self.connection
            msg.send()
        except ValueError as exc:  # Django refuses an address it cannot parse
            raise TransportError(f"invalid e-mail address: {exc}", permanent=True) from exc
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            permanent = all(500 <= code < 600 for code in codes)
            self.close()
            raise TransportError(
                f"recipient refused: {exc.recipients}", permanent=permanent, maybe_sent=False
            ) from exc
        except smtplib.SMTPResponseException as exc:
            self.close()
            # 5xx to the message itself (e.g. 550 rejected content) is permanent; 4xx is not.
            permanent = 500 <= exc.smtp_code < 600 and not isinstance(
                exc, smtplib.SMTPSenderRefused
            )
            raise TransportError(
                f"SMTP {exc.smtp_code}: {exc.smtp_error!r}", permanent=permanent, maybe_sent=False
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:  # OSError covers time-outs
            # Disconnected or timed out: possibly after the server took the message.
            self.close()
            refused = isinstance(exc, ConnectionRefusedError)
            raise TransportError(f"SMTP failed: {exc!r}", maybe_sent=not refused) from exc
        return message_id(delivery)
