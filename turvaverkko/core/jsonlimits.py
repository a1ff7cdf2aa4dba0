"""Reject JSON nested deeper than a limit before parsing it.

Python's json module parses nesting by recursion: a body of 100,000 "[" raises RecursionError
deep inside the parser, which Django turns into a 500. Counting the brackets first (outside
strings) is linear, needs no recursion and gives a clear message.
"""

import json
import re
from typing import Any

MAX_DEPTH = 32

# A JSON string literal, escapes included; brackets inside strings do not nest.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


class TooDeep(ValueError):
    def __init__(self, limit: int):
        super().__init__(f"JSON nested deeper than {limit} levels")
        self.limit = limit


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Raise TooDeep if arrays/objects in `text` nest deeper than `limit`."""
    depth = 0
    for match in _BRACKETS.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                raise TooDeep(limit)
        else:
            depth -= 1


def loads(data: str | bytes, limit: int = MAX_DEPTH) -> Any:
    """json.loads with a nesting limit: raises TooDeep or ValueError (bad JSON)."""
    text = data.decode("utf-8") if isinstance(data, bytes | bytearray) else data
    check_depth(text, limit)
    return json.loads(text)
