"""Volunteers' own pages (account.py, profile.py, push.py), the public offer of help and the
coordinators' lists (offers.py).

Links e-mailed to volunteers open a page with one button, and the button (a POST) does the
work: mail scanners that open every link in a message then cannot use up a single-use link.
"""
