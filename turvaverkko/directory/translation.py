from modeltranslation.translator import TranslationOptions, register

from .models import OpeningException, OpeningRule, Service, Site


@register(Site)
class SiteTranslation(TranslationOptions):
    # Street names too: Kyrkvägen / Kirkkotie in a bilingual municipality.
    fields = ("name", "description", "street_address", "transportation", "accessibility_notes")


@register(OpeningRule)
class OpeningRuleTranslation(TranslationOptions):
    fields = ("description",)  # "kyläilta", "byakväll"


@register(OpeningException)
class OpeningExceptionTranslation(TranslationOptions):
    fields = ("description",)  # "Midsummer", "Midsommar"


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = ("name", "description", "fees_description", "application_process")


# The change history keeps every language version too (as registry does for organisations).
@register(Site.history.model)
class HistoricalSiteTranslation(TranslationOptions):
    fields = SiteTranslation.fields


@register(Service.history.model)
class HistoricalServiceTranslation(TranslationOptions):
    fields = ServiceTranslation.fields
