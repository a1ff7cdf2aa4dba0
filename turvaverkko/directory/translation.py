from modeltranslation.translator import TranslationOptions, register

from .models import Service, Site


@register(Site)
class SiteTranslation(TranslationOptions):
    fields = ("name", "description", "transportation", "accessibility_notes")


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = ("name", "description", "fees_description", "application_process")
