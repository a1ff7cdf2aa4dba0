from django.contrib import admin

from .models import Delivery, Dispatch, InboundMessage


@admin.register(Dispatch)
class DispatchAdmin(admin.ModelAdmin):
    list_display = ["key", "created_at"]
    search_fields = ["key"]
    readonly_fields = ["key", "created_at"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Read-only: deliveries change only through the worker and notify.actions."""

    list_display = ["dispatch", "recipient_key", "channel", "state", "attempts", "sent_at"]
    list_filter = ["channel", "state", "permanent_failure"]
    search_fields = ["dispatch__key", "recipient_key"]
    list_select_related = ["dispatch"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    """Read-only: what the gateway handed us, as received."""

    list_display = ["received_at", "channel", "sender", "text", "outcome"]
    list_filter = ["channel", "outcome"]
    search_fields = ["sender", "provider_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
