"""Constants more than one app needs."""

from zoneinfo import ZoneInfo

# The languages of user content (django-modeltranslation's name_fi, name_sv, name_en columns),
# Finnish first: the untranslated column holds the Finnish text.
CONTENT_LANGUAGES = ("fi", "sv", "en")

# Wall-clock times in Finland (opening hours, dates in API filters) are read in this zone.
HELSINKI = ZoneInfo("Europe/Helsinki")
