from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from turvaverkko.volunteers.views.push import service_worker

urlpatterns = [
    # The push service worker: at the root, so that its scope is the whole site.
    path("sw.js", service_worker, name="service_worker"),
    path("api/", include("turvaverkko.api.urls")),
    path("hsds/", include("turvaverkko.api.hsds_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The gateway's webhooks (notify) and one-tap reply links (incidents): no language
    # prefix in addresses that gateways call and that SMS and e-mail carry.
    path("hooks/", include("turvaverkko.notify.hook_urls")),
    path("hooks/", include("turvaverkko.incidents.hook_urls")),
    path("hooks/", include("turvaverkko.outreach.hook_urls")),
    path("", include("turvaverkko.web.root_urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("turvaverkko.accounts.urls")),
    path("", include("turvaverkko.directory.urls")),
    path("", include("turvaverkko.registry.urls")),
    path("", include("turvaverkko.volunteers.urls")),
    path("", include("turvaverkko.insights.urls")),
    path("", include("turvaverkko.resources.urls")),
    path("", include("turvaverkko.preparedness.urls")),
    path("", include("turvaverkko.incidents.urls")),
    path("", include("turvaverkko.cap.urls")),
    path("", include("turvaverkko.partnership.urls")),
    path("", include("turvaverkko.outreach.urls")),
    path("", include("turvaverkko.knowledge.urls")),
    path("", include("turvaverkko.web.urls")),
    prefix_default_language=True,
)
