from django.urls import path

from .views import paper, plans, records

app_name = "preparedness"
urlpatterns = [
    path("preparedness/", plans.plan_list, name="plans"),
    path("preparedness/plans/new/", plans.plan_create, name="plan_create"),
    path("preparedness/plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("preparedness/plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("preparedness/plans/<int:pk>/approve/", plans.plan_approve, name="plan_approve"),
    path(
        "preparedness/plans/<int:pk>/scenarios/new/",
        plans.scenario_create,
        name="scenario_create",
    ),
    path("preparedness/scenarios/<int:pk>/edit/", plans.scenario_edit, name="scenario_edit"),
    path("preparedness/scenarios/<int:pk>/delete/", plans.scenario_delete, name="scenario_delete"),
    path("preparedness/scenarios/<int:pk>/roles/new/", plans.role_create, name="role_create"),
    path("preparedness/roles/<int:pk>/edit/", plans.role_edit, name="role_edit"),
    path("preparedness/roles/<int:pk>/chain/", plans.role_chain, name="role_chain"),
    path("preparedness/roles/<int:pk>/delete/", plans.role_delete, name="role_delete"),
    path("preparedness/agreements/", records.agreement_list, name="agreements"),
    path("preparedness/agreements/new/", records.agreement_create, name="agreement_create"),
    path("preparedness/agreements/<int:pk>/", records.agreement_edit, name="agreement_edit"),
    path(
        "preparedness/agreements/<int:pk>/document/",
        records.agreement_document,
        name="agreement_document",
    ),
    path("preparedness/risks/", records.risk_list, name="risks"),
    path("preparedness/risks/new/", records.risk_create, name="risk_create"),
    path("preparedness/risks/<int:pk>/", records.risk_edit, name="risk_edit"),
    path("preparedness/exercises/", records.exercise_list, name="exercises"),
    path("preparedness/exercises/new/", records.exercise_create, name="exercise_create"),
    path("preparedness/exercises/<int:pk>/", records.exercise_detail, name="exercise"),
    path("preparedness/exercises/<int:pk>/edit/", records.exercise_edit, name="exercise_edit"),
    path("preparedness/paper-pack/<str:code>.pdf", paper.paper_pack, name="paper_pack"),
    path("preparedness/appendix/<str:code>/", paper.plan_appendix, name="appendix"),
]
