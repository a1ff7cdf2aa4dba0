"""Sign-in, the second factor, password pages and the user's own account page."""

import math
from urllib.parse import urlencode

import django_otp
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from . import actions, devices, lockout
from .forms import EmailAuthenticationForm, EnrolmentForm, VerificationForm
from .signals import password_reset_without_password

BACKUP_CODES_SESSION_KEY = "accounts_new_backup_codes"
API_TOKEN_SESSION_KEY = "accounts_new_api_token"  # noqa: S105 (a key name, not a secret)


def safe_next(request, default=None) -> str:
    """The `next` parameter if it points to this site, else the dashboard."""
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default or reverse(settings.LOGIN_REDIRECT_URL)


def with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm

    def get_success_url(self):
        url = super().get_success_url()
        if devices.needs_verification(self.request.user):
            # Straight on to the second factor instead of a detour through the middleware.
            return with_next("accounts:two_factor", url)
        return url


@never_cache
@login_required
def two_factor(request):
    """Verify a signed-in user's second factor, or send them to enrol one."""
    next_url = safe_next(request)
    user = request.user
    if user.is_verified():
        return redirect(next_url)
    if not devices.has_second_factor(user):
        return redirect(with_next("accounts:two_factor_setup", next_url))

    form = VerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = devices.verify_code(user, form.cleaned_data["code"])
        if result.device is not None:
            _log_in_device(request, result.device)
            return redirect(next_url)
        form.add_error("code", _wrong_code_message(result))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {
            "form": form,
            "next": next_url,
            "has_authenticator": devices.totp_device(user) is not None,
        },
    )


@never_cache
@login_required
def two_factor_setup(request):
    """Enrol an authenticator app: QR code and secret, then the first code confirms it.

    Someone who already has a second factor must pass it first, so that a stolen password
    alone never lets anyone replace the authenticator.
    """
    next_url = safe_next(request)
    user = request.user
    if not user.is_verified() and devices.has_second_factor(user):
        return redirect(with_next("accounts:two_factor", next_url))

    device = devices.pending_totp_device(user)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = devices.confirm_pending(device, form.cleaned_data["code"])
        if result.device is not None:
            codes = actions.confirm_authenticator(user, result.device)
            _log_in_device(request, result.device)
            request.session[BACKUP_CODES_SESSION_KEY] = codes
            return redirect(with_next("accounts:backup_codes", next_url))
        form.add_error("code", _wrong_code_message(result))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_data_uri": devices.qr_data_uri(device),
            "secret": devices.secret_base32(device),
            "replacing": devices.totp_device(user) is not None,
        },
    )


def _log_in_device(request, device):
    # A new privilege level gets a new session key (session fixation).
    request.session.cycle_key()
    django_otp.login(request, device)


def _wrong_code_message(result) -> str:
    if result.throttled_until:
        seconds = max(1, math.ceil((result.throttled_until - timezone.now()).total_seconds()))
        return _("Too many wrong codes. Wait %(seconds)s seconds before you try again.") % {
            "seconds": seconds
        }
    return _("The code is not correct. Check it and try again.")


@never_cache
@login_required
def backup_codes(request):
    """Shows newly issued backup codes exactly once."""
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    if not codes:
        messages.info(request, _("Backup codes are shown only once, right after they are made."))
        return redirect("accounts:account")
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "next": safe_next(request, reverse("accounts:account"))},
    )


@require_POST
@login_required
def new_backup_codes(request):
    if not request.user.is_verified():
        return redirect(with_next("accounts:two_factor", reverse("accounts:account")))
    request.session[BACKUP_CODES_SESSION_KEY] = actions.new_backup_codes(request.user)
    return redirect(with_next("accounts:backup_codes", reverse("accounts:account")))


@never_cache
@login_required
def account(request):
    user = request.user
    totp = devices.totp_device(user)
    token = Token.objects.filter(user=user).first()
    return render(
        request,
        "accounts/account.html",
        {
            "roles": user.role_assignments.select_related(
                "organization", "municipality", "region", "county"
            ),
            "totp": totp,
            "two_factor_required": devices.requires_two_factor(user),
            "backup_codes_left": devices.backup_codes_left(user),
            "token": token,
            "new_token_key": request.session.pop(API_TOKEN_SESSION_KEY, None),
            "token_allowed": not devices.needs_verification(user),
        },
    )


@require_POST
@login_required
def create_api_token(request):
    if devices.needs_verification(request.user):
        return redirect(with_next("accounts:two_factor", reverse("accounts:account")))
    token = actions.create_api_token(request.user)
    request.session[API_TOKEN_SESSION_KEY] = token.key
    return redirect(f"{reverse('accounts:account')}#api-token")


@require_POST
@login_required
def revoke_api_token(request):
    if devices.needs_verification(request.user):
        return redirect(with_next("accounts:two_factor", reverse("accounts:account")))
    if actions.revoke_api_token(request.user):
        messages.success(request, _("The API token was revoked. It no longer works."))
    return redirect(f"{reverse('accounts:account')}#api-token")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # Links are built from SITE_URL, never from the request's Host header.
        self.extra_email_context = {"site_url": settings.SITE_URL}
        response = super().form_valid(form)
        # Django mails only accounts with a usable password; a volunteer's account has none,
        # so the app that owns such accounts sends its own way in (a sign-in link). Sent for
        # every address: the receiver looks it up out of sight, so timing tells nothing.
        password_reset_without_password.send(
            sender=type(self),
            email=form.cleaned_data["email"],
            language=(get_language() or "fi")[:2],
        )
        return response


password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change_form.html",
    success_url=reverse_lazy("accounts:password_change_done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever can read the account's e-mail may sign in again at once: a lockout (even
        # one an attacker keeps renewing from elsewhere) ends with the reset.
        axes_reset(username=lockout.username(self.request, {"username": form.user.email}))
        return response


password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
