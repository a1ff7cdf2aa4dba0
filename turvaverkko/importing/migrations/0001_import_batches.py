# The import batch moves here from registry; the table is renamed by registry's migration
# 0004_import_batch_moves_to_importing, so this migration only takes over the model state.

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("registry", "0004_import_batch_moves_to_importing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportBatch",
                    fields=[
                        ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ("target", models.CharField(default="organizations", max_length=30, verbose_name="imported data")),
                        ("format", models.CharField(max_length=10, verbose_name="file format")),
                        ("filename", models.CharField(max_length=255, verbose_name="file name")),
                        ("headers", models.JSONField(default=list, verbose_name="column headers")),
                        ("rows", models.JSONField(default=list, verbose_name="rows")),
                        ("mapping", models.JSONField(default=dict, verbose_name="column mapping")),
                        ("decisions", models.JSONField(default=dict, verbose_name="choices for duplicates")),
                        ("status", models.CharField(choices=[("uploaded", "uploaded"), ("mapped", "columns mapped"), ("committed", "imported")], default="uploaded", max_length=20, verbose_name="status")),
                        ("result", models.JSONField(blank=True, default=dict, verbose_name="result")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("modified_at", models.DateTimeField(auto_now=True)),
                        ("committed_at", models.DateTimeField(blank=True, null=True)),
                        ("created_by", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="import_batches", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "import batch",
                        "verbose_name_plural": "import batches",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
