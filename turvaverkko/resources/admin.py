from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Resource


@admin.register(Resource)
class ResourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "organization", "municipality", "confirmed_at"]
    list_filter = ["kind", "availability"]
    raw_id_fields = ["organization", "site"]
