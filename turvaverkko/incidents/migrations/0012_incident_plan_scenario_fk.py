"""Incident.plan_scenario_id was a loose id (preparedness was meant to be optional); it becomes
a real foreign key to preparedness.PlanScenario. Ids of scenarios deleted since are dropped
(the incident simply no longer has a scenario, as it would have had with SET_NULL)."""

import django.db.models.deletion
from django.db import migrations, models


def copy_existing(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    PlanScenario = apps.get_model("preparedness", "PlanScenario")
    existing = set(PlanScenario.objects.values_list("pk", flat=True))
    for pk, scenario_id in Incident.objects.filter(
        legacy_plan_scenario_id__isnull=False
    ).values_list("pk", "legacy_plan_scenario_id"):
        if scenario_id in existing:
            Incident.objects.filter(pk=pk).update(plan_scenario_id=scenario_id)


def copy_back(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    for pk, scenario_id in Incident.objects.filter(plan_scenario__isnull=False).values_list(
        "pk", "plan_scenario_id"
    ):
        Incident.objects.filter(pk=pk).update(legacy_plan_scenario_id=scenario_id)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0011_incident_cap_alert"),
        ("preparedness", "0002_scenario_alert_texts"),
    ]

    operations = [
        migrations.RenameField("incident", "plan_scenario_id", "legacy_plan_scenario_id"),
        migrations.AddField(
            model_name="incident",
            name="plan_scenario",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="incidents",
                to="preparedness.planscenario",
                verbose_name="readiness plan scenario",
            ),
        ),
        migrations.RunPython(copy_existing, copy_back),
        migrations.RemoveField("incident", "legacy_plan_scenario_id"),
    ]
