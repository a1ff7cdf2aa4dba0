import re
import time

from django.core import signing


def link_in(body: str, path_part: str) -> str:
    """The path of the first link in an e-mail body that contains path_part."""
    match = re.search(rf"https?://[^/\s]+(/\S*{re.escape(path_part)}\S*)", body)
    assert match, f"no link with {path_part!r} in: {body}"
    return match.group(1)


def token_made_ago(payload: dict, salt: str, seconds: int) -> str:
    """A link token signed `seconds` ago, as an e-mail that long in the inbox would carry."""

    class EarlierSigner(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - seconds)

    return EarlierSigner(salt=salt).sign_object(payload)
