"""Identifiers and phone numbers: normalise what people type, store one canonical form.

Y-tunnus is stored as NNNNNNN-C, the association register number as digits (shown NNN.NNN),
phone numbers in E.164 (+358401234567, shown "+358 40 1234567"). The checks come from
python-stdnum and phonenumbers rather than hand-written code.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.fi import associationid, ytunnus

PHONE_REGION = "FI"


def normalise_business_id(value: str) -> str:
    """'1234567-8', '12345678', ' 1234567 8 ' → '1234567-8'; raises ValidationError."""
    raw = (value or "").strip()
    candidate = raw
    # Spreadsheets drop the leading zero of old identifiers: 737546-2 is 0737546-2.
    if re.fullmatch(r"\d{6}\s*-\s*\d", raw):
        candidate = "0" + raw
    try:
        return ytunnus.format(ytunnus.validate(candidate))
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("Y-tunnus %(value)s has a wrong check digit."),
            code="checksum",
            params={"value": raw},
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("Y-tunnus %(value)s is not in the form 1234567-8."),
            code="format",
            params={"value": raw},
        ) from None


def normalise_association_number(value: str) -> str:
    """'123.456', '123 456', '123456' → '123456'; raises ValidationError."""
    raw = (value or "").strip()
    try:
        return associationid.validate(raw)
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("Association register number %(value)s is not valid (1–6 digits, e.g. 123.456)."),
            code="invalid",
            params={"value": raw},
        ) from None


def format_association_number(value: str) -> str:
    return associationid.format(value) if value else ""


def normalise_phone(value: str) -> str:
    """'040 123 4567', '+358 40 1234567', '00358401234567' → '+358401234567'."""
    raw = (value or "").strip()
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        number = phonenumbers.parse(raw, PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Phone number %(value)s is not valid."), code="invalid", params={"value": raw}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(value: str) -> str:
    """E.164 → '+358 40 1234567' for reading; anything unparsable is returned as is."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
