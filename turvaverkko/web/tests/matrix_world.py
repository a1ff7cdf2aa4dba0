"""The objects the permission matrix fills URL parameters with.

Everything that belongs to someone belongs to "this" side: Olli's association in Huittinen,
coordinated by Kaisa (and by Reetta for Satakunta). Ulla (another association) and Mikko
(another municipality, Muonio) are the outsiders who must be refused.
"""

from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

from turvaverkko.api.hsds import spec
from turvaverkko.areas.tests.factories import PostalCodeFactory
from turvaverkko.cap.models import CapAlert
from turvaverkko.directory.models import ServiceAtLocation
from turvaverkko.directory.tests.factories import ServiceFactory, SiteFactory
from turvaverkko.incidents import actions as incident_actions
from turvaverkko.incidents.alerting import activation as alerting
from turvaverkko.incidents.models import HelpAssignment, HelpRequest, Incident, Recipient
from turvaverkko.insights.models import CoverageRun
from turvaverkko.knowledge.models import OperatingModel, Project
from turvaverkko.outreach.models import Programme, Visit, VisitSeries
from turvaverkko.partnership.actions import create_series
from turvaverkko.partnership.models import (
    MeetingSeries,
    Negotiation,
    OpenCall,
    PartnershipTable,
    Seat,
    WelfareAgreement,
)
from turvaverkko.preparedness.models import (
    Agreement,
    Exercise,
    PlanScenario,
    ReadinessPlan,
    Risk,
    Role,
)
from turvaverkko.registry.models import ImportBatch
from turvaverkko.registry.tests.factories import LanguageFactory, TaxonomyTermFactory
from turvaverkko.resources.tests.factories import ResourceFactory
from turvaverkko.volunteers.tests.factories import HelpOfferFactory

# Fixed instants: nothing here depends on the wall clock.
T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def build(p) -> SimpleNamespace:
    """Objects of "this" municipality and organisation; `p` are the personas."""
    site = SiteFactory(
        name_fi="Marttojen tupa", organizations=[p.olli_org], municipality=p.huittinen
    )
    service = ServiceFactory(organization=p.olli_org, name_fi="Ruoka-apu")
    service_at_location = ServiceAtLocation.objects.create(service=service, site=site)
    service.themes.add(TaxonomyTermFactory())
    resource = ResourceFactory(organization=p.olli_org, municipality=p.huittinen)
    plan = ReadinessPlan.objects.create(title="Huittisten valmiussuunnitelma")
    plan.municipalities.set([p.huittinen])
    scenario = PlanScenario.objects.create(plan=plan, kind="power_outage")
    role = Role.objects.create(scenario=scenario, task="Lämmin ateria", organization=p.olli_org)
    agreement = Agreement.objects.create(
        title="Ensihuoltosopimus",
        kind="emergency_relief",
        municipality=p.huittinen,
        valid_from=date(2025, 1, 1),
    )
    agreement.organizations.set([p.olli_org])
    risk = Risk.objects.create(
        municipality=p.huittinen, title="Sähkökatko", scenario="power_outage", likelihood=3,
        impact=4, owner="Tekninen toimi",
    )  # fmt: skip
    exercise = Exercise.objects.create(
        municipality=p.huittinen, title="Hälytysharjoitus", planned_for=date(2026, 12, 10)
    )
    incident = incident_actions.open_incident(
        user=p.kaisa,
        municipalities=[p.huittinen],
        title="Myrsky Huittisissa",
        type=Incident.Type.STORM,
    )
    alerting.activate(incident, user=p.kaisa, message="Tule", organizations=[p.olli_org])
    activation = incident.activations.get()
    recipient = activation.recipients.first()
    # Ville alerted too, for his own pages (no copied phone or e-mail: the matrix checks
    # where those appear).
    ville_recipient = Recipient.objects.create(
        activation=activation, kind=Recipient.Kind.VOLUNTEER, volunteer=p.ville_profile,
        name="Ville", language="fi",
    )  # fmt: skip
    help_request = HelpRequest.objects.create(
        incident=incident, place="Koulu", starts_at=T0, text="Kantajia", created_by=p.kaisa
    )
    assignment = HelpAssignment.objects.create(
        help_request=help_request, volunteer=p.ville_profile, invited_by=p.kaisa
    )
    offer = HelpOfferFactory(municipality=p.huittinen)
    batch = ImportBatch.objects.create(created_by=p.kaisa, format="csv", filename="j.csv")
    ptv_batch = ImportBatch.objects.create(
        created_by=p.kaisa, target="ptv", format="ptv", filename="PTV 102", status="mapped",
        headers=["kind", "ptv_id", "modified", "record"],
        mapping={"kind": 0, "ptv_id": 1, "modified": 2, "record": 3},
    )  # fmt: skip
    run = CoverageRun.objects.create(
        parameters={
            "area_level": "municipality",
            "area_code": p.huittinen.code,
            "thresholds_m": [1000, 3000],
        },
        cache_key="matrix",
        created_by=p.kaisa,
        status=CoverageRun.Status.FAILED,
        finished_at=T0 + timedelta(minutes=1),
    )
    operating_model = OperatingModel.objects.create(name_fi="Kumppanuutta koronan keskellä")
    project = Project.objects.create(name_fi="Pärjätään yhdessä", starts_on=date(2016, 1, 1))
    programme = Programme.objects.create(name="Järjestöbussi", organization=p.olli_org)
    programme.municipalities.set([p.huittinen])
    series = VisitSeries.objects.create(
        programme=programme, site=site, pattern="weekly", weekday=3, starts_on=date(2026, 1, 1),
        arrives_at=time(10), departs_at=time(14), appointment_minutes=30,
    )  # fmt: skip
    visit = Visit.objects.create(
        series=series, date=date(2027, 1, 7), starts_at=datetime(2027, 1, 7, 8, tzinfo=UTC),
        ends_at=datetime(2027, 1, 7, 12, tzinfo=UTC),
    )  # fmt: skip
    warning = CapAlert.objects.create(
        sender="urn:oid:2.49.0.0.246.0", identifier="matrix", sent=T0, msg_type="Alert",
        severity="Severe", event_code="wind", headline="Tuulivaroitus",
        expires=T0 + timedelta(days=1), raw_xml="<alert/>",
    )  # fmt: skip
    warning.municipalities.add(p.huittinen)
    table = PartnershipTable.objects.create(name_fi="Huittisten kumppanuuspöytä")
    table.municipalities.set([p.huittinen])
    seat = Seat.objects.create(
        table=table, label_fi="Kulttuuri", term_start=date(2026, 1, 1), term_end=date(2027, 12, 31)
    )
    call = OpenCall.objects.create(table=table, title="Haku", deadline=date(2099, 1, 1))
    call.seats.set([seat])
    meeting = create_series(
        MeetingSeries(table=table, first_start=T0, rrule="FREQ=MONTHLY;INTERVAL=3;COUNT=4")
    )[0]
    welfare = WelfareAgreement.objects.create(
        agreement=agreement, council_term_start=2025, council_term_end=2029
    )
    negotiation = Negotiation.objects.create(county=p.huittinen.county, year=2026)
    return World(
        operating_model=operating_model, project=project,
        programme=programme, visit=visit, visit_series=series,
        warning=warning,
        welfare=welfare, partnership_negotiation=negotiation,
        partnership_table=table, partnership_call=call, partnership_meeting=meeting,
        site=site, service_at_location=service_at_location,
        postal_code=PostalCodeFactory(code="32700", municipality=p.huittinen),
        language=LanguageFactory(code="fi"), term=service.themes.get(),
        taxonomy=spec.taxonomy_id(spec.PUBLIC_TAXONOMIES[0]),
        service=service, resource=resource, plan=plan, scenario=scenario,
        role=role, agreement=agreement, risk=risk, exercise=exercise, incident=incident,
        activation=activation, recipient=recipient, ville_recipient=ville_recipient,
        help_request=help_request,
        assignment=assignment, offer=offer, batch=batch, ptv_batch=ptv_batch, run=run,
    )  # fmt: skip


class World(SimpleNamespace):
    def pk_of(self, kind: str, p):
        """The primary key of the object `kind` (the personas' objects are in `p`)."""
        found = {
            "organization": p.olli_org,
            "contact": p.primary_contact,
            "volunteer": p.ville_profile,
            "municipality": p.huittinen,
        }.get(kind)
        if found is None and kind in ("region", "county"):
            return getattr(p.huittinen, f"{kind}_id")
        if found is None and kind == "taxonomy":
            return self.taxonomy
        obj = found if found is not None else getattr(self, kind)
        return obj.pk
