from modeltranslation.translator import TranslationOptions, register

from .models import Service, Site


@register(Site)
class SiteTranslation(TranslationOptions):
    fields = ("name", "description", "transportation", "accessibility_notes")


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
