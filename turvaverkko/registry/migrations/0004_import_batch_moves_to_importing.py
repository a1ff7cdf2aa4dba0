# ImportBatch moves to the importing app (one framework for every import): the table is
# renamed here and importing.0001_import_batches takes over the model state; no row is lost.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_role_assignment_history"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="importbatch", table="importing_importbatch"),
            ],
            state_operations=[
                migrations.DeleteModel(name="ImportBatch"),
            ],
        ),
    ]
