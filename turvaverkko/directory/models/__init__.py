"""The public directory: sites (HSDS locations), services, and where and when they are offered.

A package by responsibility: sites.py (sites, services, services at sites), opening.py
(opening hours), ptv.py (links to PTV records), search_text.py (what the search matches) and
receivers.py (what other saves change). Every name is importable from here, as migrations
(0004) and the rest of the code import them.
"""

from . import receivers  # noqa: F401 (connects the signal receivers)
from .opening import OpeningException, OpeningRule
from .ptv import PtvLink
from .search_text import normalise_search_text, service_search_text, site_search_text
from .sites import Service, ServiceAtLocation, Site

__all__ = [
    "OpeningException",
    "OpeningRule",
    "PtvLink",
    "Service",
    "ServiceAtLocation",
    "Site",
    "normalise_search_text",
    "service_search_text",
    "site_search_text",
]
