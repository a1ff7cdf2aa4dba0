from django.contrib import admin

from .models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin[ImportBatch]):
    list_display = ("filename", "target", "created_by", "status", "created_at")
    list_filter = ("status", "target")
    readonly_fields = ("headers", "rows", "mapping", "decisions", "value_mappings", "result")
