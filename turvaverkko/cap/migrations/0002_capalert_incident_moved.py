"""The link to an incident now lives on the incident (Incident.cap_alert, copied by incidents
0011), so cap no longer refers to incidents."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cap", "0001_initial"),
        ("incidents", "0011_incident_cap_alert"),
    ]

    operations = [
        migrations.RemoveField(model_name="capalert", name="incident"),
    ]
