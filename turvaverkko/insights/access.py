"""Who may see which area's insights.

Municipal coordinators see their municipalities, regional coordinators their region or
wellbeing services county (and every municipality in it), admins all of Finland. An area is
open to a user when every municipality in it is one the user coordinates, so a regional
coordinator of Satakunta may analyse Satakunta and its municipalities but not Finland, and a
municipal coordinator may not analyse the region around them. Everyone else sees nothing:
the pages carry aggregates of the coordinators' own areas.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from turvaverkko.areas.models import Municipality, Region, WellbeingCounty
from turvaverkko.registry.rules import coordinated_municipality_codes

LEVELS = ("country", "region", "county", "municipality")


def allowed_codes(user) -> set[str] | None:
    """Municipality codes the user may see; None means all of Finland."""
    if not user.is_authenticated:
        return set()
    return coordinated_municipality_codes(user)


def can_use_insights(user) -> bool:
    codes = allowed_codes(user)
    return codes is None or bool(codes)


def require_insights(user) -> set[str] | None:
    """The user's municipality codes (None: all); 403 for anyone who coordinates nothing."""
    codes = allowed_codes(user)
    if codes is not None and not codes:
        raise PermissionDenied
    return codes


def area_municipalities(level: str, code: str) -> set[str]:
    qs = Municipality.objects.all()
    if level == "municipality":
        qs = qs.filter(code=code)
    elif level == "region":
        qs = qs.filter(region_id=code)
    elif level == "county":
        qs = qs.filter(county_id=code)
    elif level != "country":
        return set()
    return set(qs.values_list("code", flat=True))


def can_view_area(user, level: str, code: str) -> bool:
    codes = allowed_codes(user)
    if codes is None:
        return level in LEVELS
    if level == "country" or not codes:
        return False
    area = area_municipalities(level, code)
    return bool(area) and area <= codes


def require_area(user, level: str, code: str) -> None:
    if not can_view_area(user, level, code):
        raise PermissionDenied


def area_name(level: str, code: str) -> str:
    if level == "country":
        return _("All of Finland")
    model = {"municipality": Municipality, "region": Region, "county": WellbeingCounty}.get(level)
    area = model.objects.filter(pk=code).first() if model else None
    return area.name if area else code


def area_choices(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices "level:code" for the areas this user may analyse."""
    codes = allowed_codes(user)
    municipalities = Municipality.objects.order_by("name_fi")
    if codes is not None:
        municipalities = municipalities.filter(code__in=codes)
    municipalities = list(municipalities)
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    if codes is None:
        groups.append((_("Country"), [("country:", _("All of Finland"))]))
    by_region: dict[str, set[str]] = {}
    by_county: dict[str, set[str]] = {}
    for m in Municipality.objects.values_list("code", "region_id", "county_id"):
        by_region.setdefault(m[1], set()).add(m[0])
        by_county.setdefault(m[2], set()).add(m[0])
    for label, model, members, level in (
        (_("Regions"), Region, by_region, "region"),
        (_("Wellbeing services counties"), WellbeingCounty, by_county, "county"),
    ):
        options = [
            (f"{level}:{area.pk}", f"{area.name} ({area.pk})")
            for area in model.objects.order_by("code")
            if area.pk in members and (codes is None or members[area.pk] <= codes)
        ]
        if options:
            groups.append((label, options))
    groups.append(
        (
            _("Municipalities"),
            [(f"municipality:{m.code}", f"{m.name} ({m.code})") for m in municipalities],
        )
    )
    return groups


def municipality_choices(user) -> list[tuple[str, str]]:
    codes = allowed_codes(user)
    qs = Municipality.objects.order_by("name_fi")
    if codes is not None:
        qs = qs.filter(code__in=codes)
    return [(m.code, f"{m.name} ({m.code})") for m in qs]
