"""Directory search benchmark: the public search API and the search page against a baseline.

    .venv/bin/python bench/directory.py [--seconds 4] [--rounds 3] [--clients 4] [--keep-db]

On PostgreSQL (DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432; the
benchmark creates and uses its own database `turvaverkko_bench`): migrate, load the
reference data, generate 50,000 services at 20,000 sites of 2,000 organisations with
bulk_create (seeded, so every run has the same data), start gunicorn with 2 workers on a
free port, and drive it with a fixed number of client processes, each with one HTTP
connection at a time, for a fixed number of seconds per endpoint, in interleaved rounds:

- baseline: GET /api/bench/trivial ({"ok": true}; the whole middleware stack, no database);
- HSDS search: GET /hsds/services?search=<words>, and
- search page: GET /fi/?q=<words> (the HTML page), each with **every query unique**: a
  realistic mix of Finnish and Swedish words, most of them inflected ("vertaistukea",
  "kahvilassa", "kamratstödet"), alone, in pairs, or with a municipality, and a unique
  `&u=` number besides, so that no request is answered from the response or page cache.
- The same two with a short list of repeated URLs (the cached figures, printed for comparison).

Each is printed as a fraction of the baseline's requests per second, with the transferred
bytes of a search page and a site page (gzip when the server compresses). The last line is
`ratio=<min of the uncached HSDS search and uncached search page fractions>`.
"""

import argparse
import http.client
import multiprocessing
import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BENCH_DB = os.environ.get("BENCH_DB", "turvaverkko_bench")  # another name beside other runs
SEED = 20260601
N_ORGANIZATIONS = 2_000
N_SITES = 20_000
N_SERVICES = 50_000

# What residents type: base forms and inflected forms, Finnish and Swedish (bench queries).
QUERY_WORDS_FI = [
    "vertaistukea", "kahvilassa", "ruoka-apua", "nuorille", "ikäihmisten", "perhekahvilaan",
    "digitukea", "kerhoon", "liikuntaa", "keskusteluapua", "vaatejakelu", "lounaalle",
    "kriisiapu", "olohuoneeseen", "marttojen", "kyläyhdistyksen", "seurakunnan", "kuoroon",
    "mielenterveys", "lapsille", "perheille", "omaishoitajat", "ystäväpalvelua", "neuvontaa",
]  # fmt: skip
QUERY_WORDS_SV = [
    "kamratstöd", "kafé", "mathjälpen", "unga", "äldre", "familjecafé", "digistöd", "klubben",
    "motion", "samtalsstöd", "lunch", "vardagsrum", "kören", "rådgivning", "barn", "familjer",
]  # fmt: skip
WORDS = [
    "vertaistuki", "kahvila", "ruoka-apu", "nuoret", "ikäihmiset", "perhekahvila",
    "digituki", "kerho", "liikunta", "keskusteluapu", "vaatejakelu", "lounas",
    "kriisiapu", "olohuone", "martat", "kyläyhdistys", "seurakunta", "mielenterveys",
]  # fmt: skip
ACTIVITIES = [
    "Vertaistuki", "Kahvila", "Ruoka-apu", "Perhekahvila", "Digituki", "Kerho",
    "Liikuntaryhmä", "Keskusteluapu", "Vaatejakelu", "Lounas", "Kriisiapu", "Olohuone",
    "Läksykerho", "Kuoro", "Käsityöpiiri", "Lukupiiri", "Asiointiapu", "Ystäväpalvelu",
    "Mielenterveysryhmä", "Päihdetyö", "Neuvonta", "Tietokonekurssi", "Ruokailu",
]  # fmt: skip
AUDIENCES = [
    "nuorille", "ikäihmisille", "perheille", "maahanmuuttajille", "työttömille",
    "omaishoitajille", "kaikille", "lapsille", "miehille", "naisille",
]  # fmt: skip
# The same activities and audiences in Swedish (name_sv), as bilingual associations write.
ACTIVITIES_SV = [
    "Kamratstöd", "Kafé", "Mathjälp", "Familjecafé", "Digistöd", "Klubb", "Motionsgrupp",
    "Samtalsstöd", "Klädutdelning", "Lunch", "Krishjälp", "Vardagsrum", "Läxklubb", "Kör",
    "Handarbetscirkel", "Läsecirkel", "Ärendehjälp", "Vänservice", "Stödgrupp", "Missbruksarbete",
    "Rådgivning", "Datorkurs", "Måltid",
]  # fmt: skip
AUDIENCES_SV = [
    "för unga", "för äldre", "för familjer", "för invandrare", "för arbetslösa",
    "för närståendevårdare", "för alla", "för barn", "för män", "för kvinnor",
]  # fmt: skip
ORG_KINDS = ["Martat", "Kyläyhdistys", "SPR:n osasto", "Seurakunta", "Eläkeläiset",
             "4H-yhdistys", "MLL:n yhdistys", "Nuorisoseura", "Urheiluseura"]  # fmt: skip
SITE_KINDS = ["Kylätalo", "Seurakuntatalo", "Nuorisotila", "Olohuone", "Kirjasto",
              "Toimitila", "Koulu", "Seurojentalo"]  # fmt: skip


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench/directory.py needs PostgreSQL: set DATABASE_URL=postgres://...")
    return url.rsplit("/", 1)[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, env):
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def create_database(server: str, keep: bool) -> bool:
    """Returns True if the database must be filled."""
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]
        ).fetchone()
        if exists and keep:
            return False
        admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return True


def copy_rows(model, rows: list[dict]) -> None:
    """COPY rows into the model's table; columns not given get the field's default."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    fields = list(model._meta.concrete_fields)
    defaults = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        elif field.has_default():
            defaults[field.attname] = field.get_default()
        elif field.null:
            defaults[field.attname] = None
        elif field.get_internal_type() in ("CharField", "TextField", "EmailField", "URLField"):
            defaults[field.attname] = ""
    columns = ", ".join(f'"{f.column}"' for f in fields)
    raw = connection.connection
    with (
        raw.cursor() as cursor,
        cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row(
                [row[f.attname] if f.attname in row else defaults[f.attname] for f in fields]
            )


def generate():
    """Deterministic data written with COPY (runs inside this process's Django)."""
    from django.db import connection, transaction
    from pyproj import Transformer

    from turvaverkko.areas.models import Municipality, PostalCode
    from turvaverkko.directory.analysis import search_text
    from turvaverkko.directory.models import Service, ServiceAtLocation, Site
    from turvaverkko.registry.models import Organization

    rng = random.Random(SEED)

    def uid():
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    municipalities = list(Municipality.objects.order_by("code"))
    postcodes = {}
    for code, municipality, name in PostalCode.objects.values_list(
        "code", "municipality", "name_fi"
    ):
        postcodes.setdefault(municipality, []).append((code, name))
    t0 = time.perf_counter()
    orgs = []
    for i in range(N_ORGANIZATIONS):
        home = rng.choice(municipalities)
        name = f"{home.name_fi}n {rng.choice(ORG_KINDS)} {i}"
        orgs.append({"id": uid(), "name": name, "name_fi": name, "kind": "association",
                     "description": "", "description_fi": "", "home": home})  # fmt: skip
    sites = []
    for i in range(N_SITES):
        org = rng.choice(orgs)
        home = org["home"]
        code, city = rng.choice(postcodes.get(home.code) or [("", home.name_fi.upper())])
        name = f"{rng.choice(SITE_KINDS)} {home.name_fi} {i}"
        description = f"Kohtaamispaikka, {home.name_fi}."
        street = f"Kylätie {rng.randint(1, 99)}"
        place_names = [code, city, home.name_fi, home.name_sv, street]
        sites.append({
            "id": uid(), "name": name, "name_fi": name, "kind": "meeting_place",
            "low_threshold": rng.random() < 0.5, "street_address": street, "postal_code": code,
            "city": city.title(), "municipality_id": home.code,
            "latitude": home.latitude + rng.uniform(-0.15, 0.15),
            "longitude": home.longitude + rng.uniform(-0.3, 0.3),
            "description": description, "description_fi": description,
            "search_text": search_text({"fi": [description], None: place_names}, {"fi": [name]}),
            "org": org,
        })  # fmt: skip
    to_tm35 = Transformer.from_crs(4326, 3067, always_xy=True)
    east, north = to_tm35.transform([s["longitude"] for s in sites], [s["latitude"] for s in sites])
    for site, e, n in zip(sites, east, north, strict=True):
        site["easting"], site["northing"] = float(e), float(n)
    services, links = [], []
    for i in range(N_SERVICES):
        site = rng.choice(sites)
        org = site["org"]
        activity, audience = rng.randrange(len(ACTIVITIES)), rng.randrange(len(AUDIENCES))
        name = f"{ACTIVITIES[activity]} {AUDIENCES[audience]} {i}"
        description = (
            f"{rng.choice(ACTIVITIES)} ja {rng.choice(ACTIVITIES).lower()} "
            f"{rng.choice(AUDIENCES)}. Järjestää {org['name']}."
        )
        service = {"id": uid(), "organization_id": org["id"], "name": name, "name_fi": name,
                   "description": description, "description_fi": description}  # fmt: skip
        if rng.random() < 0.3:  # bilingual associations write Swedish too
            name_sv = f"{ACTIVITIES_SV[activity]} {AUDIENCES_SV[audience]} {i}"
            service.update(name_sv=name_sv, description_sv=f"{name_sv}. {org['name']}.")
        service["search_text"] = search_text(
            {"fi": [description], "sv": [service.get("description_sv", "")], None: [org["name"]]},
            {"fi": [name], "sv": [service.get("name_sv", "")]},
        )
        services.append(service)
        links.append({"id": uid(), "service_id": service["id"], "site_id": site["id"]})
    with transaction.atomic():
        copy_rows(Organization, orgs)
        copy_rows(
            Organization.municipalities.through,
            [{"id": i + 1, "organization_id": o["id"], "municipality_id": o["home"].code}
             for i, o in enumerate(orgs)],
        )  # fmt: skip
        copy_rows(Site, sites)
        copy_rows(
            Site.organizations.through,
            [{"id": i + 1, "site_id": s["id"], "organization_id": s["org"]["id"]}
             for i, s in enumerate(sites)],
        )  # fmt: skip
        copy_rows(Service, services)
        copy_rows(ServiceAtLocation, links)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - t0


def unique_queries(municipalities: list[str], n: int) -> list[tuple[int, tuple[str, str]]]:
    """n numbered (words, place) pairs: one word, two words, or a word and a municipality,
    Finnish and Swedish mixed about 3:1, in a seeded random order. The number makes every
    URL unique even where the words repeat."""
    rng = random.Random(SEED + 1)
    words = QUERY_WORDS_FI * 3 + QUERY_WORDS_SV * 2
    out = []
    for i in range(n):
        shape = rng.random()
        first = rng.choice(words)
        if shape < 0.5:
            out.append((i, (first, "")))
        elif shape < 0.8:
            out.append((i, (f"{first} {rng.choice(words)}", "")))
        else:
            out.append((i, (first, rng.choice(municipalities))))
    return out


def _client(args):
    """One client process: sequential requests on a kept-alive connection for `seconds`."""
    host, port, paths, seconds, offset = args
    done, errors, i = 0, 0, offset
    conn = http.client.HTTPConnection(host, port, timeout=30)
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        path = paths[i % len(paths)]
        i += 1
        try:
            conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                done += 1
            else:
                errors += 1
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.close()
    return done, errors


def measure(pool, base: str, paths, seconds: float, clients: int) -> float:
    parts = urlsplit(base)
    jobs = [(parts.hostname, parts.port, paths, seconds, k * 7) for k in range(clients)]
    pool.map(_client, [(h, p, paths, 1.0, o) for h, p, paths, _, o in jobs])  # warm up
    results = pool.map(_client, jobs)
    done = sum(d for d, _ in results)
    errors = sum(e for _, e in results)
    if errors:
        print(f"  ({errors} non-200 responses for {paths[0]})")
    return done / seconds


def transferred(base: str, path: str) -> tuple[int, str]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return len(body), response.getheader("Content-Encoding", "identity")


def wait_until_up(base: str, proc, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited")
        try:
            size, _ = transferred(base, "/api/bench/trivial")
            if size:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="per endpoint and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--keep-db", action="store_true", help="reuse a filled bench database")
    args = parser.parse_args()

    server = server_url()
    database_url = f"{server}/{BENCH_DB}"
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
    env.update(
        DATABASE_URL=database_url, DEBUG="false", LOG_LEVEL="WARNING", DJANGO_ENV="development"
    )
    fill = create_database(server, args.keep_db)
    if fill:
        t0 = time.perf_counter()
        run([PY, "manage.py", "migrate", "--noinput"], env)
        run([PY, "manage.py", "load_reference_data"], env)
        print(f"schema and reference data: {time.perf_counter() - t0:.1f} s")
    os.environ.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="turvaverkko.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from turvaverkko.areas.models import Municipality
    from turvaverkko.directory.models import Service, Site

    if fill:
        seconds = generate()
        print(f"generated {N_SERVICES:,} services at {N_SITES:,} sites in {seconds:.1f} s")
    print(f"data: {Service.objects.count():,} services, {Site.objects.count():,} sites")
    site_id = Site.objects.order_by("id").values_list("id", flat=True).first()
    from django.db import connections

    connections.close_all()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "turvaverkko.wsgi:application", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--keep-alive", "5"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_up(base, gunicorn)
        hsds = [f"/hsds/services?search={quote(w)}" for w in WORDS]
        page = [f"/fi/?q={quote(w)}" for w in WORDS]
        municipalities = list(Municipality.objects.values_list("name_fi", flat=True))
        unique = unique_queries(municipalities, 50_000)
        endpoints = {
            "trivial": ["/api/bench/trivial"],
            "hsds": [f"/hsds/services?search={quote(q)}&u={n}" for n, (q, _) in unique],
            "page": [f"/fi/?q={quote(q)}&place={quote(p)}&u={n}" for n, (q, p) in unique],
            "hsds_cached": hsds,
            "page_cached": page,
        }
        # Warm up both workers first (not measured): each loads Voikko's dictionary and builds
        # its search index on its first search, seconds that a running server has long paid.
        warm = [f"/hsds/services?search={quote(q)}&u=w{n}" for n, (q, _) in unique[:200]]
        warm += [f"/fi/?q={quote(q)}&u=w{n}" for n, (q, _) in unique[:200]]
        with multiprocessing.Pool(args.clients) as pool:
            measure(pool, base, warm, 15.0, args.clients)
        # Rounds interleave the endpoints, so that load from elsewhere on the machine
        # falls on all of them alike; each endpoint's rate is its total over the rounds.
        rates = {name: [] for name in endpoints}
        with multiprocessing.Pool(args.clients) as pool:
            for _ in range(args.rounds):
                for name, paths in endpoints.items():
                    rates[name].append(measure(pool, base, paths, args.seconds, args.clients))
        rps = {name: sum(values) / len(values) for name, values in rates.items()}
        trivial, hsds_rps, page_rps = rps["trivial"], rps["hsds"], rps["page"]
        trivial_spread = f"{min(rates['trivial']):.0f}–{max(rates['trivial']):.0f}"
        page_bytes, page_enc = transferred(base, page[0])
        detail_bytes, detail_enc = transferred(base, f"/fi/sites/{site_id}/")
        hsds_bytes, hsds_enc = transferred(base, hsds[0])
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)
    hsds_fraction = hsds_rps / trivial
    page_fraction = page_rps / trivial
    print(f"baseline /api/bench/trivial: {trivial:.0f} req/s (rounds: {trivial_spread})")
    print(f"HSDS search /hsds/services?search=, every query unique: {hsds_rps:.0f} req/s"
          f" = {hsds_fraction:.3f}")  # fmt: skip
    print(f"  cached (repeated URLs): {rps['hsds_cached']:.0f} req/s"
          f" = {rps['hsds_cached'] / trivial:.3f}")  # fmt: skip
    print(f"search page /fi/?q=, every query unique: {page_rps:.0f} req/s = {page_fraction:.3f}")
    print(f"  cached (repeated URLs): {rps['page_cached']:.0f} req/s"
          f" = {rps['page_cached'] / trivial:.3f}")  # fmt: skip
    print(f"bytes: search page {page_bytes} ({page_enc}), site page {detail_bytes} ({detail_enc}),")
    print(f"       HSDS search page of 50 {hsds_bytes} ({hsds_enc})")
    print(f"ratio={min(hsds_fraction, page_fraction):.3f}")


if __name__ == "__main__":
    main()
