"""What the volunteers' pages share: the volunteer signed in, the language of the e-mails
sent to them, the sign-in page for volunteers."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import get_language

from ..models import Volunteer

volunteer_login_required = login_required(login_url="volunteers:sign_in")


def own_volunteer(request):
    return Volunteer.objects.filter(user=request.user, anonymised_at__isnull=True).first()


def message_language(request) -> str:
    lang = (get_language() or "fi")[:2]
    return lang if lang in ("fi", "sv", "en") else "fi"
