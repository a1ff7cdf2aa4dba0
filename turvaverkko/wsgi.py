import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "turvaverkko.settings")
application = get_wsgi_application()

if settings.DIRECTORY_WARM_UP:
    # Each web worker builds the public search index as it starts, not on its first search
    # (docs/directory.md). Without gunicorn --preload this runs in every worker.
    from turvaverkko.directory.index import warm_up_in_background

    warm_up_in_background()
