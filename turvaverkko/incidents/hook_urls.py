app_name = "incident_hooks"
urlpatterns: list = []
