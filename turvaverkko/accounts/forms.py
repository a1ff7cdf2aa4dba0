from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .devices import normalise_code


class EmailAuthenticationForm(AuthenticationForm):
    """Sign in with an e-mail address, whatever its letter case.

    One message for every failure, so that the form never tells whether an address has an
    account.
    """

    error_messages = {
        "invalid_login": _(
            "The e-mail address or the password is not correct. Check them and try again."
        ),
        "inactive": _(
            "The e-mail address or the password is not correct. Check them and try again."
        ),
    }

    def clean_username(self):
        return (self.cleaned_data.get("username") or "").strip().lower()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Enter the code.")},
    )

    def clean_code(self):
        return normalise_code(self.cleaned_data["code"])


class EnrolmentForm(CodeForm):
    """The first six-digit code from the authenticator app confirms the enrolment."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Six-digit code from the app")
        self.fields["code"].widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9 ]*"})

    def clean_code(self):
        code = super().clean_code()
        if not (len(code) == 6 and code.isdigit()):
            raise forms.ValidationError(_("The code has six digits."))
        return code


class VerificationForm(CodeForm):
    """A code from the authenticator app, or one of the backup codes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code from the authenticator app or a backup code")
