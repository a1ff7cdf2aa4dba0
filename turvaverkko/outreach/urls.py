from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("outreach/new/", views.programme_create, name="programme_create"),
    path("outreach/<uuid:pk>/", views.programme_page, name="programme"),
    path("outreach/<uuid:pk>/calendar.ics", views.programme_ics, name="programme_ics"),
    path("outreach/<uuid:pk>/hsds.json", views.programme_hsds, name="programme_hsds"),
    path("outreach/<uuid:pk>/subscribe/", views.subscribe, name="subscribe"),
    path("outreach/<uuid:pk>/stops/new/", views.series_create, name="series_create"),
    path("outreach/<uuid:pk>/reach/", views.reach_page, name="reach"),
    path("outreach/<uuid:pk>/route/", views.route_page, name="route"),
    path("outreach/series/<uuid:pk>/edit/", views.series_edit, name="series_edit"),
    path("outreach/series/<uuid:pk>/end/", views.series_end, name="series_end"),
    path("outreach/sites/<uuid:pk>/", views.site_page, name="site"),
    path("outreach/sites/<uuid:pk>/calendar.ics", views.site_ics, name="site_ics"),
    path("outreach/visits/<int:pk>/book/", views.book, name="visit_book"),
    path("outreach/visits/<int:pk>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("outreach/visits/<int:pk>/move/", views.visit_move, name="visit_move"),
    path("outreach/visits/<int:pk>/tally/", views.tally, name="visit_tally"),
    path("outreach/visits/<int:pk>/bookings/", views.visit_bookings, name="visit_bookings"),
    path("outreach/bookings/<str:token>/cancel/", views.booking_cancel, name="booking_cancel"),
]
