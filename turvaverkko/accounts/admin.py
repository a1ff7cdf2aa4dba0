"""Users in the Django admin, and an admin site that demands the second factor."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.admin import OTPAdminSite

from . import actions, devices
from .models import User


class TwoFactorAdminSite(OTPAdminSite):
    """OTPAdminSite lets in only staff verified with a second factor.

    Signing in happens on the service's own pages (password, then TOTP), so the admin's
    login page sends people there instead of showing a second, different form.
    """

    def login(self, request, extra_context=None):
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "admin:index", current_app=self.name
        )
        if not request.user.is_authenticated:
            target = "accounts:login"
        elif not request.user.is_verified():
            target = "accounts:two_factor"
        elif self.has_permission(request):
            return redirect(next_url)
        else:
            raise PermissionDenied
        return redirect(f"{reverse(target)}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")


class UserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email",)
        field_classes = {}


class UserEditForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        field_classes = {}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("email", "first_name", "last_name", "is_staff", "two_factor_enrolled")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)
    actions = ["reset_two_factor"]

    @admin.display(boolean=True, description=_("two-factor authentication"))
    def two_factor_enrolled(self, obj):
        return devices.totp_device(obj) is not None

    @admin.action(description=_("Reset two-factor authentication (lost phone)"))
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            actions.reset_two_factor(user, by=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Two-factor authentication was reset for %(count)d user. "
                "They enrol a new authenticator at their next sign-in.",
                "Two-factor authentication was reset for %(count)d users. "
                "They enrol a new authenticator at their next sign-in.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
