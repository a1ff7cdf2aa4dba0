from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "turvaverkko.insights"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Apps below insights (outreach's day route) get road durations through core.
        from turvaverkko.core.routing import register_duration_provider

        from .durations import road_duration_matrix

        register_duration_provider(road_duration_matrix)
