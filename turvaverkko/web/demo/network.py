"""Who is in the demo network (demo/organisations.csv, demo/networks.json): the Huittinen
network of 53 associations and the Muonio network of 9 (Pärjätään yhdessä, seeds 000 and 002),
the Etelä-Savo partnership (seed 001), the Järjestöt on the Road partners (seed 003), other
Satakunta actors and the public bodies around them.

The organisations are fictional; their names follow the common Finnish patterns and may
resemble real associations. Identifiers are generated in ranges PRH has not issued.

organisations.csv has one row per organisation; lists (municipality codes, theme and target
group codes, contact titles) are separated by `|`; `registered` is yes/no (a generated
Y-tunnus and association register number); `stale_days` dates the last confirmation that many
days back (the coordinators' dashboards show stale entries); `group` says which network or
circle the row belongs to.
"""

from dataclasses import dataclass

from .files import DemoDataError, read_csv, read_json

HUITTINEN, MUONIO = "102", "498"
DEFAULT_TITLES = ("puheenjohtaja", "varapuheenjohtaja", "sihteeri")


@dataclass(frozen=True)
class Org:
    key: str
    name_fi: str
    kind: str = "association"
    municipalities: tuple = (HUITTINEN,)
    themes: tuple = ()
    target_groups: tuple = ()
    name_sv: str = ""
    description_fi: str = ""
    description_sv: str = ""
    # Generated Y-tunnus / association register number (fictional ranges).
    registered: bool = True
    parent: str = ""
    name_style: str = "fi"
    contact_titles: tuple = DEFAULT_TITLES


def _list(value: str) -> tuple:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _org(row: dict, line: int) -> Org:
    try:
        return Org(
            key=row["key"],
            name_fi=row["name_fi"],
            kind=row["kind"] or "association",
            municipalities=_list(row["municipalities"]),
            themes=_list(row["themes"]),
            target_groups=_list(row["target_groups"]),
            name_sv=row["name_sv"],
            description_fi=row["description_fi"],
            description_sv=row["description_sv"],
            registered={"yes": True, "no": False}[row["registered"]],
            parent=row["parent"],
            name_style=row["name_style"] or "fi",
            contact_titles=_list(row["contact_titles"]) or DEFAULT_TITLES,
        )
    except KeyError as exc:
        raise DemoDataError(f"organisations.csv, row {line}: bad or missing {exc}") from exc


ROWS = read_csv("organisations.csv")
ALL_ORGS = [_org(row, i) for i, row in enumerate(ROWS, start=2)]
BY_KEY = {o.key: o for o in ALL_ORGS}
GROUPS: dict[str, list[Org]] = {}
for _row, _o in zip(ROWS, ALL_ORGS, strict=True):
    GROUPS.setdefault(_row["group"], []).append(_o)
HUITTINEN_NETWORK = GROUPS.get("huittinen", [])
MUONIO_NETWORK = GROUPS.get("muonio", [])

# Organisations whose data was last confirmed more than a year ago (days before today); the
# others were confirmed 10–300 days ago.
STALE_DAYS = {row["key"]: int(row["stale_days"]) for row in ROWS if row["stale_days"]}

NETWORKS = read_json("networks.json")["networks"]

if len(BY_KEY) != len(ALL_ORGS):
    raise DemoDataError("organisations.csv: an organisation key is used twice")
for _n in NETWORKS:
    for _k in _n["members"]:
        if _k not in BY_KEY:
            raise DemoDataError(f"networks.json: {_n['key']}: no organisation {_k!r}")
