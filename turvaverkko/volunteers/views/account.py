"""A volunteer signs up and signs in without a password, by links sent by e-mail.

Links e-mailed to volunteers open a page with one button, and the button (a POST) does the
work: mail scanners that open every link in a message then cannot use up a single-use link."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import actions, links
from ..forms import (
    CONSENT_TEXT,
    SignInForm,
    SignUpForm,
    municipality_names,
)
from ..models import Volunteer
from .common import message_language, own_volunteer

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def sign_up(request):
    if request.user.is_authenticated and own_volunteer(request):
        return redirect("volunteers:profile")
    form = SignUpForm(request.POST or None, initial={"language": message_language(request)})
    if request.user.is_authenticated:
        # The account's own address is used; it is already in use for signing in.
        del form.fields["email"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = {
            "name": data["name"],
            "phone": data["phone"],
            "home_municipality": data["home_municipality"],
            "language": data["language"],
            "consent_text": CONSENT_TEXT,
        }
        if request.user.is_authenticated:
            actions.create_profile_for_account(request.user, **details)
            messages.success(request, _("Welcome! Your volunteer profile is ready."))
            return redirect("volunteers:profile")
        actions.sign_up(email=data["email"], **details)
        return redirect("volunteers:sign_up_sent")
    return render(
        request,
        "volunteers/sign_up.html",
        {"form": form, "municipalities": municipality_names()},
    )


def sign_up_sent(request):
    return render(request, "volunteers/sign_up_sent.html", {"days": links.CONFIRM_MAX_AGE // 86400})


def _sign_in_with_link(request, user):
    login(request, user, backend=MODEL_BACKEND)  # changes last_login: the link is now used
    return actions.confirm_email(user)


def confirm(request, token):
    user = links.user_from_confirm_token(token)
    if user is None:
        return render(request, "volunteers/link_invalid.html", status=400)
    if request.method == "POST":
        _sign_in_with_link(request, user)
        messages.success(request, _("Thank you! Your e-mail address is confirmed."))
        return redirect("volunteers:profile")
    return render(request, "volunteers/link_confirm.html", {"purpose": "confirm"})


def confirm_email_change(request, token):
    found = links.email_change_from_token(token)
    if found is None:
        return render(request, "volunteers/link_invalid.html", status=400)
    if request.method == "POST":
        if not actions.confirm_email_change(*found):
            return render(request, "volunteers/link_invalid.html", status=400)
        messages.success(request, _("Your e-mail address is changed and confirmed."))
        return redirect("volunteers:profile")
    return render(request, "volunteers/link_confirm.html", {"purpose": "email_change"})


def sign_in(request):
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.request_sign_in_link(form.cleaned_data["email"], message_language(request))
        return redirect("volunteers:sign_in_sent")
    return render(request, "volunteers/sign_in.html", {"form": form})


def sign_in_sent(request):
    return render(request, "volunteers/sign_in_sent.html", {"minutes": links.SIGN_IN_MAX_AGE // 60})


def sign_in_link(request, token):
    user = links.user_from_sign_in_token(token)
    if user is None:
        return render(request, "volunteers/link_invalid.html", status=400)
    if request.method == "POST":
        _sign_in_with_link(request, user)
        # The volunteer's home (incidents' page: their alerts and tasks); a link does not
        # need to know which app shows it.
        return redirect("incidents:volunteer_home")
    return render(request, "volunteers/link_confirm.html", {"purpose": "sign_in"})


def keep(request, token):
    volunteer_id = links.volunteer_id_from_keep_token(token)
    if (
        volunteer_id is None
        or not Volunteer.objects.filter(pk=volunteer_id, anonymised_at__isnull=True).exists()
    ):
        return render(request, "volunteers/link_invalid.html", status=400)
    if request.method == "POST":
        actions.keep_profile(volunteer_id)
        return render(request, "volunteers/kept.html")
    return render(request, "volunteers/link_confirm.html", {"purpose": "keep"})
