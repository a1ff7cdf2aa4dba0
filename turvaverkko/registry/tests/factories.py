import factory

from turvaverkko.accounts.models import User
from turvaverkko.areas.tests.factories import MunicipalityFactory
from turvaverkko.registry.models import (
    ContactPerson,
    Language,
    Organization,
    RoleAssignment,
    TaxonomyTerm,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.fi")
    first_name = "Testi"
    last_name = "Käyttäjä"
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxonomyTerm
        django_get_or_create = ("taxonomy", "code")

    taxonomy = TaxonomyTerm.Taxonomy.THEME
    code = factory.Sequence(lambda n: f"term-{n}")
    name_fi = factory.LazyAttribute(lambda o: o.code)
    name_sv = factory.LazyAttribute(lambda o: o.code)
    name_en = factory.LazyAttribute(lambda o: o.code)


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ("code",)

    code = "fi"
    name_fi = "suomi"
    name_sv = "finska"
    name_en = "Finnish"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name_fi = factory.Sequence(lambda n: f"Huittisten Yhdistys {n} ry")
    name_sv = ""
    kind = Organization.Kind.ASSOCIATION
    description_fi = "Paikallinen yhdistys."

    @factory.post_generation
    def municipalities(obj, create, extracted, **kwargs):  # noqa: N805
        if not create:
            return
        obj.municipalities.set(extracted if extracted is not None else [MunicipalityFactory()])


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organization = factory.SubFactory(OrganizationFactory)
    position = 0
    name = factory.Sequence(lambda n: f"Yhteyshenkilö {n}")
    phone = factory.Sequence(lambda n: f"+35840{n:07d}")
    email = factory.Sequence(lambda n: f"contact{n}@example.fi")


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = RoleAssignment.Role.ASSOCIATION_ADMIN
