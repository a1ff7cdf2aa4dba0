"""Insight pages: coverage, the welfare report section, statistics and exports."""

from .coverage import (
    coverage_cells,
    coverage_form,
    coverage_points,
    coverage_refresh,
    coverage_run,
    coverage_status,
    coverage_suggest,
    coverage_what_if,
)
from .reports import report_detail, report_download, report_form
from .statistics import hxl_export, statistics_page

__all__ = [
    "coverage_cells",
    "coverage_form",
    "coverage_points",
    "coverage_refresh",
    "coverage_run",
    "coverage_status",
    "coverage_suggest",
    "coverage_what_if",
    "hxl_export",
    "report_detail",
    "report_download",
    "report_form",
    "statistics_page",
]
