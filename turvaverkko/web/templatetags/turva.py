from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def language_url(context, lang_code):
    """The current page in another language (works without JavaScript)."""
    request = context["request"]
    return translate_url(request.get_full_path(), lang_code)


@register.simple_tag(takes_context=True)
def workspace_areas(context):
    """The coordinator's workspace navigation (web/navigation.py); empty for others."""
    from turvaverkko.web.navigation import areas

    request = context.get("request")
    return areas(request) if request is not None else []
