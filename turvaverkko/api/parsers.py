"""The API's JSON parser: DRF's, with a nesting limit (400 instead of a RecursionError 500)."""

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from turvaverkko.core import jsonlimits


class DepthLimitedJSONParser(JSONParser):
    """Reads the body, refuses nesting deeper than jsonlimits.MAX_DEPTH, then parses.

    DRF's own parser hands the stream to json.load, whose recursion on a body of 100,000 "["
    ends in RecursionError, an unhandled 500. The body is at most DATA_UPLOAD_MAX_MEMORY_SIZE
    (Django reads it whole anyway for request.body)."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
            return jsonlimits.loads(text)
        except jsonlimits.TooDeep as exc:
            raise ParseError(str(exc)) from None
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
