from datetime import UTC, date, datetime

import pytest

from turvaverkko.areas.models import Municipality
from turvaverkko.partnership.actions import create_series
from turvaverkko.partnership.models import MeetingSeries, PartnershipTable, Seat

# 17:00 in Helsinki (UTC+2 in winter) on Tuesday 13 January 2026.
FIRST = datetime(2026, 1, 13, 15, 0, tzinfo=UTC)


@pytest.fixture
def table(personas):
    table = PartnershipTable.objects.create(
        name_fi="Huittisten kumppanuuspöytä", name_sv="Huittinens partnerskapsbord"
    )
    table.municipalities.set([personas.huittinen])
    return table


@pytest.fixture
def bilingual(table, personas):
    Municipality.objects.filter(pk=personas.huittinen.pk).update(
        language=Municipality.Language.BILINGUAL_FI
    )
    return table


@pytest.fixture
def seat(table):
    return Seat.objects.create(
        table=table,
        label_fi="Ikäihmiset",
        label_sv="Äldre",
        term_start=date(2026, 1, 1),
        term_end=date(2027, 12, 31),
    )


@pytest.fixture
def meetings(table):
    """Six meetings, every second month from 13.1.2026 at 17:00."""
    return create_series(
        MeetingSeries(
            table=table,
            first_start=FIRST,
            rrule="FREQ=MONTHLY;INTERVAL=2;COUNT=6",
            location="Kaupungintalo, Risto Rytin katu 36",
            online_url="https://meet.example.fi/kumppanuus",
        )
    )
