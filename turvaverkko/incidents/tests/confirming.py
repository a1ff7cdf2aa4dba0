"""Sending an alert through the form takes two steps (choose, then confirm the summary):
tests that only need it sent post both."""

import re


def post_confirmed(client, url, data, **kwargs):
    """Post the choices, then confirm the summary they lead to (its `reviewed` token)."""
    summary = client.post(url, data)
    assert summary.status_code == 200, summary.status_code
    token = re.search(r'name="reviewed" value="(\w+)"', summary.content.decode()).group(1)
    return client.post(url, {**data, "reviewed": token, "send": "1"}, **kwargs)
