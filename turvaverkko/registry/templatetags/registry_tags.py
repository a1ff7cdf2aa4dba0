from django import template

from ..validators import format_association_number, format_phone

register = template.Library()


@register.filter
def phone(value):
    """+358401234567 → '+358 40 1234567'."""
    return format_phone(value)


@register.filter
def association_number(value):
    """123456 → '123.456'."""
    return format_association_number(value)
