"""A JSON parser with a nesting limit.

Python's ``json`` recurses once per level: a body nested a few thousand levels deep
raises ``RecursionError``, which DRF's parser does not catch (a 500). This parser
answers such a body, and any body nested deeper than ``API_JSON_MAX_DEPTH`` (default
64; no request of this API needs more than 4), with a 400 and a message.
"""

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


def json_depth(value) -> int:
    """How deeply ``value`` nests lists and dicts (a scalar: 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


class DepthLimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = int(getattr(settings, "API_JSON_MAX_DEPTH", 64))
        too_deep = ParseError(f"JSON parse error - nested more than {limit} levels deep.")
        try:
            data = super().parse(stream, media_type=media_type, parser_context=parser_context)
        except RecursionError:
            raise too_deep from None
        if json_depth(data) > limit:
            raise too_deep
        return data
