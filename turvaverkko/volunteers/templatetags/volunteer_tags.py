from django import template

from turvaverkko.volunteers.forms import format_phone

register = template.Library()

register.filter("phone", format_phone)
