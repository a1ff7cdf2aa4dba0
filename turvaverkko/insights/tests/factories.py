"""Small hand-made grids and files whose coverage answers are known exactly."""

import numpy as np

from turvaverkko.insights.population import SUPPRESSED, Grid

# Lower-left corners of 1 km cells in Huittinen's neighbourhood (EPSG:3067).
X0, Y0 = 260_000, 6_785_000


def three_cell_grid(municipality=102) -> Grid:
    """A: 100 residents with the site in its centre; B: 200 residents 3 km east of A;
    C: 5 residents 12 km north of A, age groups suppressed (-1)."""
    return Grid(
        resolution=1000,
        x=np.array([X0, X0 + 3000, X0], dtype=np.int32),
        y=np.array([Y0, Y0, Y0 + 12_000], dtype=np.int32),
        municipality=np.array([municipality] * 3, dtype=np.uint16),
        population=np.array([100, 200, 5], dtype=np.int32),
        men=np.array([50, 100, SUPPRESSED], dtype=np.int32),
        women=np.array([50, 100, SUPPRESSED], dtype=np.int32),
        age_0_14=np.array([20, 50, SUPPRESSED], dtype=np.int32),
        age_15_64=np.array([60, 100, SUPPRESSED], dtype=np.int32),
        age_65=np.array([20, 50, SUPPRESSED], dtype=np.int32),
    )


def centre_of(grid: Grid, i: int) -> tuple[float, float]:
    return float(grid.x[i] + grid.resolution / 2), float(grid.y[i] + grid.resolution / 2)


CSV_HEADER = "grd_id,id_nro,xkoord,ykoord,kunta,vaesto,miehet,naiset,ika_0_14,ika_15_64,ika_65_"


def csv_row(x, y, kunta, total, men, women, a0, a15, a65, number=1, grd_id=None):
    grd_id = grd_id if grd_id is not None else f"1kmN{y // 1000}E{x // 1000}"
    return f"{grd_id},{number},{x},{y},{kunta},{total},{men},{women},{a0},{a15},{a65}"


def build_world(personas, make_site):
    """Huittinen (102) with the three-cell grid, Säkylä (783, also Satakunta) and Muonio (498)
    with one cell each, in a synthetic grid; organisations, places, services and volunteers
    whose welfare-report figures are worked out in test_report.py."""
    from datetime import time, timedelta
    from types import SimpleNamespace

    from django.utils import timezone

    from turvaverkko.areas.geo import to_tm35fin
    from turvaverkko.areas.tests.factories import MunicipalityFactory
    from turvaverkko.directory.models import OpeningRule, Service, ServiceAtLocation, Site
    from turvaverkko.insights.actions import store_population_grid
    from turvaverkko.registry.models import Organization, TaxonomyTerm
    from turvaverkko.registry.tests.factories import OrganizationFactory, TaxonomyTermFactory
    from turvaverkko.volunteers.tests.factories import VolunteerFactory

    sakyla = MunicipalityFactory(code="783", name_fi="Säkylä", name_sv="Säkylä",
                                 latitude=61.0447, longitude=22.3419, population=6400)  # fmt: skip
    huittinen, muonio = personas.huittinen, personas.other_municipality

    def cell_at(municipality, residents):
        e, n = to_tm35fin(municipality.latitude, municipality.longitude)
        return int(e // 1000 * 1000), int(n // 1000 * 1000), int(municipality.code), residents

    base = three_cell_grid()
    extra = [cell_at(sakyla, 400), cell_at(muonio, 50)]
    grid = Grid(
        resolution=1000,
        x=np.concatenate([base.x, [c[0] for c in extra]]).astype(np.int32),
        y=np.concatenate([base.y, [c[1] for c in extra]]).astype(np.int32),
        municipality=np.concatenate([base.municipality, [c[2] for c in extra]]).astype(np.uint16),
        population=np.concatenate([base.population, [c[3] for c in extra]]).astype(np.int32),
        men=np.concatenate([base.men, [200, 25]]).astype(np.int32),
        women=np.concatenate([base.women, [200, 25]]).astype(np.int32),
        age_0_14=np.concatenate([base.age_0_14, [100, 10]]).astype(np.int32),
        age_15_64=np.concatenate([base.age_15_64, [200, 20]]).astype(np.int32),
        age_65=np.concatenate([base.age_65, [100, 20]]).astype(np.int32),
    )
    dataset = store_population_grid(grid, name="Testiruudukko", year=2024, is_synthetic=True)

    def term(taxonomy, code, name):
        return TaxonomyTermFactory(taxonomy=taxonomy, code=code, name_fi=name, name_en=name)

    theme, group, skill = (TaxonomyTerm.Taxonomy.THEME, TaxonomyTerm.Taxonomy.TARGET_GROUP,
                           TaxonomyTerm.Taxonomy.SKILL)  # fmt: skip
    elderly = term(theme, "elderly", "Ikäihmiset")
    peer = term(theme, "peer-support", "Vertaistuki")
    safety = term(theme, "preparedness-safety", "Varautuminen")
    village = term(theme, "village-local", "Kylätoiminta")
    older = term(group, "older-people", "Ikääntyneet")

    martat = personas.olli_org
    martat.themes.set([elderly, peer])
    martat.target_groups.set([older])
    martat.email, martat.phone, martat.business_id = "martat@example.org", "+35825550001", None
    martat.save()
    red_cross = OrganizationFactory(
        name_fi="SPR Huittisten osasto", kind=Organization.Kind.RED_CROSS_BRANCH,
        municipalities=[huittinen], email="huittinen@example.org", phone="+35825550002",
        business_id="0201256-6",
    )  # fmt: skip
    red_cross.themes.set([safety])
    personas.other_org.themes.set([village])

    cafe = make_site(*centre_of(base, 0), name="Olohuone", low_threshold=True,
                     municipality=huittinen)  # fmt: skip
    cafe.organizations.set([martat])
    OpeningRule.objects.create(site=cafe, byday="MO,TU,WE,TH,FR", opens_at=time(10),
                               closes_at=time(14))  # fmt: skip
    hall = make_site(*centre_of(base, 1), name="Kylätalo", kind=Site.Kind.VILLAGE_HALL,
                     municipality=huittinen)  # fmt: skip
    lapland_x, lapland_y = extra[1][0] + 500, extra[1][1] + 500
    make_site(lapland_x, lapland_y, name="Muonion tupa", low_threshold=True, municipality=muonio)
    club = Service.objects.create(name_fi="Ikäihmisten kerho", organization=martat)
    club.themes.set([peer])
    club.target_groups.set([older])
    ServiceAtLocation.objects.create(service=club, site=cafe)

    ville = personas.ville_profile
    ville.skills.set([term(skill, "first-aid", "Ensiapu")])
    vilja = VolunteerFactory(
        name="Vilja Varhainen", email="vilja.varhainen@example.fi", phone="+358401112233",
        home_municipality=huittinen, user=None,
    )  # fmt: skip
    vilja.skills.set([term(skill, "psychosocial-support", "Henkinen tuki")])
    Volunteer = type(vilja)
    Volunteer.objects.filter(pk=vilja.pk).update(
        last_active_at=timezone.now() - timedelta(days=800)
    )
    return SimpleNamespace(
        grid=grid, dataset=dataset, sakyla=sakyla, huittinen=huittinen, muonio=muonio,
        martat=martat, red_cross=red_cross, cafe=cafe, hall=hall, club=club,
        ville=ville, vilja=vilja, personas=personas,
    )  # fmt: skip


# Personal data of the world's people: none of it may appear in any insight output.
def personal_strings(world) -> list[str]:
    from turvaverkko.registry.models import ContactPerson

    out = []
    for contact in ContactPerson.objects.all():
        out += [contact.name, contact.phone, contact.email]
    for volunteer in (world.ville, world.vilja):
        volunteer.refresh_from_db()
        out += [volunteer.name, volunteer.phone, volunteer.email]
    for user in (world.personas.ville, world.personas.kaisa):
        out.append(user.email)
    return [s for s in out if s]
