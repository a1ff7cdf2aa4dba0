"""search_text holds analysed search terms (directory/analysis.py) instead of lower-case words."""

from django.db import migrations


def fill_search_terms(apps, schema_editor):
    from turvaverkko.directory.models import service_search_text, site_search_text

    Site = apps.get_model("directory", "Site")
    Service = apps.get_model("directory", "Service")
    for model, compute in ((Site, site_search_text), (Service, service_search_text)):
        changed = []
        for obj in model.objects.order_by("pk").iterator(chunk_size=1000):
            obj.search_text = compute(obj)
            changed.append(obj)
            if len(changed) >= 1000:
                model.objects.bulk_update(changed, ["search_text"])
                changed = []
        model.objects.bulk_update(changed, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_site_and_service_history")]

    operations = [migrations.RunPython(fill_search_terms, migrations.RunPython.noop)]
