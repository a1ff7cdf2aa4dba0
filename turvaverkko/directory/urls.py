from django.urls import path

from . import historyviews, listviews, ptvviews, serviceviews, views

app_name = "directory"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("map/", views.map_page, name="map"),
    path("map/sites.geojson", views.map_data, name="map_data"),
    path("sites/", listviews.site_list, name="site_list"),
    path("sites/export.csv", listviews.site_list, {"export": True}, name="site_list_csv"),
    path("sites/new/", views.site_create, name="site_create"),
    path("sites/ptv/", ptvviews.ptv_read, name="ptv_read"),
    path("sites/ptv/<uuid:pk>/", ptvviews.ptv_preview, name="ptv_preview"),
    path("sites/<uuid:pk>/", views.site_detail, name="site_detail"),
    path("sites/<uuid:pk>/hours.ics", views.site_calendar, name="site_calendar"),
    path("sites/<uuid:pk>/edit/", views.site_edit, name="site_edit"),
    path("sites/<uuid:pk>/history/", historyviews.site_history, name="site_history"),
    path("services/<uuid:pk>/", views.service_detail, name="service_detail"),
    path("services/<uuid:pk>/edit/", serviceviews.service_edit, name="service_edit"),
    path("services/<uuid:pk>/ptv.json", serviceviews.service_ptv, name="service_ptv"),
    path("services/<uuid:pk>/history/", historyviews.service_history, name="service_history"),
]
