from django.contrib import admin

from .models import CoverageRun, PopulationGrid, RoadNetwork


@admin.register(PopulationGrid)
class PopulationGridAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "resolution", "is_synthetic", "cell_count",
                    "total_population", "created_at"]  # fmt: skip
    list_filter = ["resolution", "is_synthetic"]
    readonly_fields = ["file_name", "checksum", "cell_count", "total_population",
                       "suppressed_cells", "created_by"]  # fmt: skip


@admin.register(RoadNetwork)
class RoadNetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "profile", "is_synthetic", "node_count", "arc_count", "created_at"]
    readonly_fields = ["file_name", "checksum", "node_count", "arc_count"]


@admin.register(CoverageRun)
class CoverageRunAdmin(admin.ModelAdmin):
    list_display = ["created_at", "status", "progress", "created_by"]
    list_filter = ["status"]
    readonly_fields = ["status", "progress", "parameters", "cache_key", "result", "error",
                       "created_by", "started_at", "finished_at"]  # fmt: skip
