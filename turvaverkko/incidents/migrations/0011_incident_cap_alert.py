"""An incident points to the FMI warning it was opened for (it was CapAlert.incident, which
pointed the other way, from cap to incidents); existing links are copied over."""

import django.db.models.deletion
from django.db import migrations, models


def copy_links(apps, schema_editor):
    CapAlert = apps.get_model("cap", "CapAlert")
    Incident = apps.get_model("incidents", "Incident")
    for alert_id, incident_id in (
        CapAlert.objects.filter(incident__isnull=False)
        .order_by("sent")
        .values_list("pk", "incident_id")
    ):
        Incident.objects.filter(pk=incident_id).update(cap_alert_id=alert_id)


def copy_links_back(apps, schema_editor):
    CapAlert = apps.get_model("cap", "CapAlert")
    Incident = apps.get_model("incidents", "Incident")
    for incident_id, alert_id in Incident.objects.filter(cap_alert__isnull=False).values_list(
        "pk", "cap_alert_id"
    ):
        CapAlert.objects.filter(pk=alert_id).update(incident_id=incident_id)


class Migration(migrations.Migration):
    dependencies = [
        ("cap", "0001_initial"),
        ("incidents", "0010_cap_moves_to_its_own_app"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="cap_alert",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="cap.capalert",
                verbose_name="weather warning",
            ),
        ),
        migrations.RunPython(copy_links, copy_links_back),
    ]
