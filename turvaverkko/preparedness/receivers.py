"""The paper pack is cached until its data changes: every save or delete of what it prints
adds one to its change counter (paper.PACK_COUNTER), which is part of the cache key."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

from turvaverkko.core import counters
from turvaverkko.directory.models import Site
from turvaverkko.registry.models import ContactPerson, Organization, RoleAssignment
from turvaverkko.resources.models import Resource

from .models import PlanScenario, ReadinessPlan, Role, RoleContact
from .paper import PACK_COUNTER

PACK_MODELS = [
    ContactPerson,
    Organization,
    RoleAssignment,
    Resource,
    Site,
    ReadinessPlan,
    PlanScenario,
    Role,
    RoleContact,
]
USER_FIELDS = {"first_name", "last_name", "email"}


def _changed(sender, **kwargs):
    counters.increment(PACK_COUNTER)


def _user_saved(sender, update_fields=None, **kwargs):
    # A sign-in saves last_login only: that changes nothing printed.
    if update_fields is None or USER_FIELDS & set(update_fields):
        counters.increment(PACK_COUNTER)


def connect() -> None:
    for model in PACK_MODELS:
        uid = f"preparedness.paper_pack.{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}.delete")
    for through in (
        Organization.municipalities.through,
        ReadinessPlan.municipalities.through,
        Site.organizations.through,
    ):
        m2m_changed.connect(
            _changed, sender=through, dispatch_uid=f"preparedness.paper_pack.{through.__name__}"
        )
    post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="preparedness.pack.user")
