"""Who may read the warnings and act on them (django-rules)."""

from typing import Any

from rules.permissions import add_perm
from rules.predicates import predicate

from turvaverkko.registry.rules import coordinated_municipality_codes, is_admin, is_coordinator


def _covers_warning_area(user: Any, alert: Any) -> bool:
    """The user coordinates a municipality the warning concerns."""
    if alert is None:
        return False
    codes = coordinated_municipality_codes(user)
    if codes is None:
        return True
    return bool(alert.municipalities.filter(code__in=codes).exists())


covers_warning_area = predicate(_covers_warning_area)  # type: ignore[no-untyped-call]

# FMI warnings are public information: every coordinator reads them all, raw XML included.
add_perm("cap.view_warnings", is_admin | is_coordinator)  # type: ignore[no-untyped-call]
add_perm(  # type: ignore[no-untyped-call]
    "cap.dismiss_warning", is_admin | (is_coordinator & covers_warning_area)
)
