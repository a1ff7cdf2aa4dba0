"""The CAP models, taken over from incidents (incidents 0010 renamed their tables): state only,
the database already has them. `incident` stays for one step, until incidents 0011 has
copied it onto Incident.cap_alert; cap 0002 removes it."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("areas", "0001_initial"),
        ("incidents", "0010_cap_moves_to_its_own_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="CapFeedState",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("url", models.URLField(max_length=500, unique=True)),
                        ("etag", models.CharField(blank=True, max_length=500)),
                        ("last_modified", models.CharField(blank=True, max_length=100)),
                        ("last_success_at", models.DateTimeField(blank=True, null=True)),
                        ("last_error", models.TextField(blank=True)),
                        ("last_error_at", models.DateTimeField(blank=True, null=True)),
                    ],
                ),
                migrations.CreateModel(
                    name="CapAlert",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("sender", models.CharField(max_length=200)),
                        ("identifier", models.CharField(max_length=200)),
                        ("sent", models.DateTimeField()),
                        ("msg_type", models.CharField(max_length=10)),
                        ("references", models.TextField(blank=True)),
                        ("event_code", models.CharField(blank=True, max_length=50)),
                        ("event", models.CharField(blank=True, max_length=200)),
                        ("severity", models.CharField(max_length=10)),
                        ("headline", models.CharField(blank=True, max_length=500)),
                        ("description", models.TextField(blank=True)),
                        ("onset", models.DateTimeField(blank=True, null=True)),
                        ("expires", models.DateTimeField(blank=True, null=True)),
                        ("polygons", models.JSONField(blank=True, default=list)),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("active", "in force"),
                                    ("superseded", "superseded"),
                                    ("cancelled", "cancelled"),
                                ],
                                default="active",
                                max_length=12,
                            ),
                        ),
                        ("raw_xml", models.TextField()),
                        ("imported_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("dismissed_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "incident",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="cap_alerts",
                                to="incidents.incident",
                            ),
                        ),
                        (
                            "municipalities",
                            models.ManyToManyField(
                                blank=True, related_name="+", to="areas.municipality"
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-sent"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("sender", "identifier"), name="incidents_cap_unique"
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
