"""The coordinator's incident pages (incidents.py), the head-count and the after-action
report."""
