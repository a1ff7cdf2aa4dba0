"""{{ entry|entry_text }}: a situation log entry in the reader's language (see incidents/log.py)."""

from django import template

from ..log import entry_text as _entry_text

register = template.Library()


@register.filter
def entry_text(entry) -> str:
    return _entry_text(entry)
