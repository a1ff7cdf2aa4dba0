# mypy: disable-error-code="attr-defined,untyped-decorator,no-untyped-call"
# (django-rules ships no type information.)
"""Who may keep a partnership table: coordinators of any of its municipalities (regional
coordinators of its region or county, municipal coordinators of one of its municipalities) and
admins. The public page, the public memos, the decisions register and the feeds are public."""

from typing import Any

import rules

from turvaverkko.registry.rules import coordinated_municipality_codes


def _can_keep(user: Any, table: Any) -> bool:
    codes = coordinated_municipality_codes(user)
    if codes is None:
        return True
    return bool(codes) and bool(codes & table.municipality_codes())


@rules.predicate
def is_partnership_coordinator(user: Any) -> bool:
    codes = coordinated_municipality_codes(user)
    return codes is None or bool(codes)


@rules.predicate
def can_keep_table(user: Any, table: Any) -> bool:
    return table is not None and _can_keep(user, table)


rules.add_perm("partnership.view", is_partnership_coordinator)
rules.add_perm("partnership.add", is_partnership_coordinator)
rules.add_perm("partnership.change_table", can_keep_table)


@rules.predicate
def can_keep_negotiation(user: Any, negotiation: Any) -> bool:
    """Coordinators of any municipality of the negotiation's county, and admins."""
    from turvaverkko.areas.models import Municipality

    codes = coordinated_municipality_codes(user)
    if codes is None:
        return True
    county = set(
        Municipality.objects.filter(county=negotiation.county_id).values_list("code", flat=True)
    )
    return bool(codes & county)


rules.add_perm("partnership.change_negotiation", can_keep_negotiation)
