from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agreement, Exercise, PlanScenario, ReadinessPlan, Risk, Role


@admin.register(ReadinessPlan)
class ReadinessPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "status", "approved_at"]
    list_filter = ["status"]


@admin.register(PlanScenario)
class PlanScenarioAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "kind"]


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ["task", "organization", "scenario"]
    raw_id_fields = ["scenario", "organization", "agreement"]
    filter_horizontal = ["resources"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "municipality", "valid_to", "reminder_sent_at"]


admin.site.register(Risk, SimpleHistoryAdmin)
admin.site.register(Exercise, SimpleHistoryAdmin)
