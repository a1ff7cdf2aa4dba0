from modeltranslation.translator import TranslationOptions, register

from .models import TRANSLATED_FIELDS, OperatingModel, Project


@register(OperatingModel)
class OperatingModelTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("name", "summary", "main_goal", "sub_goals")
