"""Services offered at the demo's sites (demo/services.csv): peer groups, food aid, service
guidance, counselling, family cafés, homework help, the outreach bus, each by one demo
organisation. Lists (theme and target group codes, languages) are separated by `|`."""

from dataclasses import dataclass, fields

from .files import DemoDataError, read_csv


@dataclass(frozen=True)
class ServiceDef:
    key: str
    org: str
    name_fi: str
    description_fi: str
    themes: tuple = ()
    target_groups: tuple = ("everyone",)
    languages: tuple = ("fi",)
    name_sv: str = ""
    description_sv: str = ""
    name_en: str = ""
    fees_fi: str = "Maksuton."
    access_fi: str = "Tule paikalle, ei ajanvarausta."
    description_en: str = ""


LISTS = ("themes", "target_groups", "languages")


def _service(row: dict, line: int) -> ServiceDef:
    try:
        values = {f.name: row[f.name] for f in fields(ServiceDef)}
    except KeyError as exc:
        raise DemoDataError(f"services.csv, row {line}: missing column {exc}") from exc
    for name in LISTS:
        values[name] = tuple(v for v in values[name].split("|") if v)
    return ServiceDef(**values)


SERVICES = [_service(row, i) for i, row in enumerate(read_csv("services.csv"), start=2)]
SERVICES_BY_KEY = {s.key: s for s in SERVICES}
