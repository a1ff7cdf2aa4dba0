"""What a search costs in queries: a page of results is read from the index, and the data
stamp from the database at most every DIRECTORY_STAMP_SECONDS, a local change at once
(bench/directory.py measures the throughput this buys)."""

from datetime import UTC, date, datetime, time

import pytest

from turvaverkko.core import counters
from turvaverkko.directory import freshness, search
from turvaverkko.directory.index import current_index, current_stamp, forget_stamp

from .factories import OpeningExceptionFactory, OpeningRuleFactory, SiteFactory


@pytest.mark.django_db
def test_open_state_of_a_page_of_results_comes_from_the_index(django_assert_num_queries):
    site = SiteFactory(name_fi="Kemiön perhetalo")
    OpeningRuleFactory(site=site, byday="MO", opens_at=time(9), closes_at=time(12))
    OpeningExceptionFactory(site=site, date=date(2026, 12, 14), closed=True)
    index = current_index()
    monday = datetime(2026, 12, 7, 8, 30, tzinfo=UTC)  # 10.30 in Helsinki
    with django_assert_num_queries(0):
        (hit,) = search.search_sites(q="perhetalo", now=monday, index=index).items
    assert hit.is_open and hit.open_until == datetime(2026, 12, 7, 10, tzinfo=UTC)
    a_week_later = datetime(2026, 12, 14, 8, 30, tzinfo=UTC)
    (closed,) = search.search_sites(q="perhetalo", now=a_week_later, index=index).items
    assert not closed.is_open  # the exception: closed that Monday


def test_the_stamp_is_remembered_but_a_local_change_shows_at_once(
    transactional_db, settings, django_assert_num_queries
):
    """Outside a transaction (as a web request runs) the stamp is read once per
    DIRECTORY_STAMP_SECONDS; a change through this process drops the memo."""
    settings.DIRECTORY_STAMP_SECONDS = 3600
    forget_stamp()
    first = current_stamp()
    counters.increment(freshness.COUNTER)  # another machine's change: no signal here
    with django_assert_num_queries(0):
        assert current_stamp() == first
    SiteFactory(name_fi="Uusi kohtaamispaikka")  # saved through this process
    second = current_stamp()
    assert second != first
    settings.DIRECTORY_STAMP_SECONDS = 0  # read on every call
    counters.increment(freshness.COUNTER)
    assert current_stamp() != second
    forget_stamp()


def test_an_uncached_search_page_makes_no_query(transactional_db, client, settings):
    """A search page whose URL was never asked before (no page cache hit) is rendered from
    the index: no query, not even for outreach's next visits when no hit is a stop."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.DIRECTORY_STAMP_SECONDS = 3600
    forget_stamp()
    SiteFactory(name_fi="Kemiön perhetalo")
    SiteFactory(name_fi="Euran perhetalo")
    client.get("/fi/?q=perhetalo&u=0")  # builds the index, the selects' choices, the memos
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/fi/?q=perhetalo&u=1")
    assert [q["sql"] for q in queries.captured_queries] == []
    html = response.content.decode()
    assert "Euran perhetalo" in html and "Kemiön perhetalo" in html
    forget_stamp()


def test_the_first_page_by_partition_is_that_of_the_full_sort():
    """index._first_in_order sorts only the candidates for the first `limit` places (ties
    at the boundary included) and gives exactly the full sort's first `limit`."""
    import numpy as np

    from turvaverkko.directory.index import _first_in_order

    rng = np.random.default_rng(20261206)
    for limit in (1, 5, 20, 60, 499, 500, 800):
        relevance = rng.integers(0, 2, 500).astype(np.int8)
        metres = rng.integers(0, 40, 500).astype(float)  # many equal distances
        rank = rng.permutation(500)
        keys = (rank, metres, relevance)
        primary = relevance * (metres.max() * 2 + 1) + metres
        expected = np.lexsort(keys)[:limit]
        assert _first_in_order(keys, primary, limit).tolist() == expected.tolist()
        by_name = relevance.astype(np.int64) * 500 + rank
        expected = np.lexsort((rank, relevance))[:limit]
        assert _first_in_order((rank, relevance), by_name, limit).tolist() == expected.tolist()
