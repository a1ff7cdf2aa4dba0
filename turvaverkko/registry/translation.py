from modeltranslation.translator import TranslationOptions, register

from .models import Language, Network, Organization, TaxonomyTerm


@register(TaxonomyTerm)
class TaxonomyTermTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Language)
class LanguageTranslation(TranslationOptions):
    fields = ("name",)


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Network)
class NetworkTranslation(TranslationOptions):
    fields = ("name", "description")


# The audit history must keep every language version too, so the historical model
# that django-simple-history generates is registered with the same fields.
@register(Organization.history.model)
class HistoricalOrganizationTranslation(TranslationOptions):
    fields = ("name", "description")
