from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AlertGroup, AvailabilitySlot, HelpOffer, PushSubscription, Volunteer


class AvailabilityInline(admin.TabularInline):
    model = AvailabilitySlot
    extra = 0


class PushSubscriptionInline(admin.TabularInline):
    """The volunteer's browsers with push on; the keys stay out of view."""

    model = PushSubscription
    extra = 0
    can_delete = True
    fields = ["user_agent", "created_at", "last_success_at", "failing_since"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False  # only the volunteer's own browser can subscribe


@admin.register(Volunteer)
class VolunteerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "home_municipality", "email_confirmed_at", "last_active_at"]
    list_filter = ["home_municipality", "language", "skills"]
    search_fields = ["name", "email", "phone"]
    raw_id_fields = ["user", "home_municipality"]
    filter_horizontal = ["skills", "languages", "interpreting_languages", "organizations"]
    readonly_fields = [
        "consent_text",
        "consent_given_at",
        "email_confirmed_at",
        "last_active_at",
        "inactivity_reminder_sent_at",
        "anonymised_at",
        "easting",
        "northing",
    ]
    inlines = [AvailabilityInline, PushSubscriptionInline]


@admin.register(AlertGroup)
class AlertGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "municipality", "organization"]
    filter_horizontal = ["members"]


@admin.register(HelpOffer)
class HelpOfferAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "created_at", "handled_at"]
    list_filter = ["municipality", "handled_at"]
    search_fields = ["name", "email", "phone"]
    readonly_fields = ["created_at", "handled_at", "handled_by"]
