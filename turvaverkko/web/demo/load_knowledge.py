"""Demo projects and operating models (demo/knowledge.json): the five seed programmes as projects,
the seed-004 Innokylä model with the municipalities where the seeds say it runs.

Idempotent: projects and models are keyed by their Finnish name, implementations by model and
municipality. Organisations are looked up in the demo registry by name; one that is not there
is kept as a name only (no made-up Y-tunnus).
"""

from datetime import date
from typing import Any

from turvaverkko.areas.models import Municipality
from turvaverkko.knowledge.models import Implementation, OperatingModel, Project, ProjectParty
from turvaverkko.registry.models import Organization, TaxonomyTerm

from .files import read_json


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _municipalities(names: list[str]) -> list[Municipality]:
    return list(Municipality.objects.filter(name_fi__in=names))


def _terms(taxonomy: str, codes: list[str]) -> list[TaxonomyTerm]:
    return list(TaxonomyTerm.objects.filter(taxonomy=taxonomy, code__in=codes))


def load_knowledge() -> dict[str, int]:
    data: dict[str, Any] = read_json("knowledge.json")
    models: dict[str, OperatingModel] = {}
    for item in data["models"]:
        texts = {f"{field}_fi": text for field, text in item["fi"].items()}
        model, _created = OperatingModel.objects.update_or_create(
            name_fi=item["fi"]["name"],
            defaults={
                **texts,
                "original_language": item["original_language"],
                "language_status": item["language_status"],
                "stage": item["stage"],
                "innokyla_url": item["innokyla_url"],
                "funder": item["funder"],
                "author": item["author"],
            },
        )
        model.themes.set(_terms("theme", item["themes"]))
        model.target_groups.set(_terms("target_group", item["target_groups"]))
        for imp in item["implementations"]:
            municipality = Municipality.objects.filter(name_fi=imp["municipality"]).first()
            if municipality is None:
                continue
            org = Organization.objects.filter(name_fi=imp.get("organization", "")).first()
            Implementation.objects.update_or_create(
                model=model,
                municipality=municipality,
                defaults={
                    "organization": org,
                    "organization_name": imp.get("organization_name")
                    or ("" if org else imp.get("organization", "")),
                    "status": imp["status"],
                    "started_on": _date(imp.get("started_on")),
                    "adaptations": imp.get("adaptations", ""),
                },
            )
        models[item["key"]] = model
    for item in data["projects"]:
        project, _created = Project.objects.update_or_create(
            name_fi=item["name"],
            defaults={
                "code_scheme": "stea",
                "grant_type": item["grant_type"],
                "starts_on": _date(item["starts_on"]),
                "ends_on": _date(item["ends_on"]),
                "status": item["status"],
                "main_goal_fi": item["main_goal"],
                "sub_goals_fi": "\n".join(item["sub_goals"]),
                "summary_fi": item["summary"],
            },
        )
        project.municipalities.set(_municipalities(item["municipalities"]))
        project.models_produced.set([models[k] for k in item.get("models_produced", [])])
        project.models_used.set([models[k] for k in item.get("models_used", [])])
        project.parties.all().delete()
        for name, role in item["parties"]:
            org = Organization.objects.filter(name_fi=name).first()
            if org is not None:
                ProjectParty.objects.create(project=project, organization=org, role=role)
    return {
        "projects": Project.objects.count(),
        "operating_models": OperatingModel.objects.count(),
        "implementations": Implementation.objects.count(),
    }
