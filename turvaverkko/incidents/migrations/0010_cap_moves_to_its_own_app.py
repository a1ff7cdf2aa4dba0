"""CapAlert and CapFeedState move to the new app `cap` with their rows: the tables are
renamed here (incidents_capalert -> cap_capalert, its municipalities table with it), and
cap 0001 takes the models over in the migration state without touching the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0009_situation_log_events"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable("capalert", "cap_capalert"),
                migrations.AlterModelTable("capfeedstate", "cap_capfeedstate"),
            ],
            state_operations=[
                migrations.DeleteModel("CapAlert"),
                migrations.DeleteModel("CapFeedState"),
            ],
        ),
    ]
