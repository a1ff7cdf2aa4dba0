"""Preparedness pages. Views check permissions and validate input; actions.py writes."""
