from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("insights/coverage/", views.coverage_form, name="coverage"),
    path("insights/coverage/<uuid:run_id>/", views.coverage_run, name="coverage_run"),
    path("insights/coverage/<uuid:run_id>/status.json", views.coverage_status,
         name="coverage_status"),
    path("insights/coverage/<uuid:run_id>/cells.geojson", views.coverage_cells,
         name="coverage_cells"),
    path("insights/coverage/<uuid:run_id>/points.geojson", views.coverage_points,
         name="coverage_points"),
    path("insights/coverage/<uuid:run_id>/refresh/", views.coverage_refresh,
         name="coverage_refresh"),
    path("insights/coverage/<uuid:run_id>/what-if/", views.coverage_what_if,
         name="coverage_what_if"),
    path("insights/coverage/<uuid:run_id>/suggest/", views.coverage_suggest,
         name="coverage_suggest"),
    path("insights/report/", views.report_form, name="report_form"),
    path("insights/report/<str:code>/<int:year>/", views.report_detail, name="report"),
    path("insights/report/<str:code>/<int:year>/report.<str:fmt>", views.report_download,
         name="report_download"),
    path("insights/statistics/", views.statistics_page, name="statistics"),
    path("insights/export/3w-hxl.csv", views.hxl_export, name="hxl_export"),
]  # fmt: skip
