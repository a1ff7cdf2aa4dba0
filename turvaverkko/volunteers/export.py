"""Everything stored about a volunteer, as one JSON document (right of access, portability)."""

from django.forms.models import model_to_dict

from . import privacy

SCHEMA_VERSION = 1


def _term(term) -> dict:
    return {"code": term.code, "name": term.name}


def _who(history_user_id, own_user_id) -> str:
    if history_user_id is None:
        return "system"
    return "you" if history_user_id == own_user_id else "another user"


def _history(volunteer) -> list[dict]:
    """The change history (django-simple-history) with the values of every version."""
    changes = {"+": "created", "~": "changed", "-": "deleted"}
    rows = []
    for record in volunteer.history.order_by("history_date", "history_id"):
        values = {
            f.attname: getattr(record, f.attname)
            for f in record._meta.concrete_fields
            if not f.name.startswith("history_")
        }
        rows.append(
            {
                "changed_at": record.history_date,
                "change": changes.get(record.history_type, record.history_type),
                "changed_by": _who(record.history_user_id, volunteer.user_id),
                "values": values,
            }
        )
    return rows


def volunteer_export(volunteer) -> dict:
    profile = model_to_dict(
        volunteer,
        exclude=["skills", "languages", "interpreting_languages", "organizations", "user"],
    )
    profile.update(
        {
            "id": volunteer.pk,
            "home_municipality": (
                {"code": volunteer.home_municipality.code, "name": volunteer.home_municipality.name}
                if volunteer.home_municipality
                else None
            ),
            "email_confirmed_at": volunteer.email_confirmed_at,
            "last_active_at": volunteer.last_active_at,
            "inactivity_reminder_sent_at": volunteer.inactivity_reminder_sent_at,
            "created_at": volunteer.created_at,
            "modified_at": volunteer.modified_at,
        }
    )
    for key in ("consent_text", "consent_given_at", "anonymised_at"):
        profile.pop(key, None)
    user = volunteer.user
    return {
        "schema_version": SCHEMA_VERSION,
        "volunteer": profile,
        "skills": [_term(t) for t in volunteer.skills.order_by("code")],
        "languages": [{"code": lang.code, "name": lang.name} for lang in volunteer.languages.all()],
        "interpreting_languages": [
            {"code": lang.code, "name": lang.name}
            for lang in volunteer.interpreting_languages.all()
        ],
        "availability": [
            {
                "weekday": slot.weekday,
                "weekday_name": str(slot.get_weekday_display()),
                "from": slot.start,
                "until": slot.end,
            }
            for slot in volunteer.availability.all()
        ],
        "memberships": [
            {"id": str(org.pk), "name": org.name} for org in volunteer.organizations.all()
        ],
        "alert_groups": [group.name for group in volunteer.alert_groups.all()],
        # The browsers that get push notifications: the push service's address of each
        # and the keys the notifications are encrypted to.
        "push_subscriptions": [
            {
                "browser": device.user_agent,
                "endpoint": device.endpoint,
                "keys": {"p256dh": device.p256dh, "auth": device.auth},
                "created_at": device.created_at,
                "last_success_at": device.last_success_at,
                "failing_since": device.failing_since,
            }
            for device in volunteer.push_subscriptions.order_by("created_at", "pk")
        ],
        "consent": {"text": volunteer.consent_text, "given_at": volunteer.consent_given_at},
        "account": (
            {
                "email": user.email,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "preferred_language": user.preferred_language,
                "date_joined": user.date_joined,
                "last_login": user.last_login,
                "has_password": user.has_usable_password(),
            }
            if user
            else None
        ),
        "history": _history(volunteer),
        # Offers of help sent from the confirmed address (privacy.confirmed_emails).
        "offers_of_help": privacy.export_help_offers(volunteer),
        # What other apps keep about the volunteer (incidents: alerts, replies, messages).
        **privacy.other_sections(volunteer),
    }
