"""JSON from a student, read with bounds: files a student hands in may be built to stop a reader.

>>> loads_bounded('{"a": [1, 2, {"b": null}]}')
{'a': [1, 2, {'b': None}]}
>>> loads_bounded("[" * 100 + "]" * 100)
Traceback (most recent call last):
...
ValueError: nested more than 64 levels deep
>>> depth({"a": [1, {"b": []}]})
4
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 64
"""Deeper than any notebook or answers file the course writes (about 8 levels)."""


def loads_bounded(text: str | bytes, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads``, refusing with ``ValueError`` a document nested more than ``max_depth``
    levels (also one so deep that the parser itself gives up); ``json.JSONDecodeError`` (also a
    ``ValueError``) for text that is not JSON."""
    try:
        document = json.loads(text)
    except RecursionError:
        raise ValueError(f"nested more than {max_depth} levels deep") from None
    if depth(document) > max_depth:
        raise ValueError(f"nested more than {max_depth} levels deep")
    return document


def depth(document: Any) -> int:
    """How many levels of lists and objects ``document`` nests (counted without recursion)."""
    deepest, stack = 0, [(document, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in node)
    return deepest
