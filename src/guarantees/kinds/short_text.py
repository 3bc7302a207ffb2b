"""Short text: a word or a name, compared without regard to case, spacing or punctuation."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from guarantees.keys import Key
from guarantees.kinds.base import Kind, Score


def normalize_text(text: str) -> str:
    """Case, accents, spacing and punctuation removed: ``" Kyiv! "`` and ``"kyiv"`` compare equal.

    >>> normalize_text("  Türkiye,  ANKARA ")
    'turkiye ankara'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", letters).split())


class ShortTextKind(Kind):
    """A short typed answer; the key may accept several spellings."""

    kind = "short_text"

    @classmethod
    def coerce(cls, value: Any) -> str:
        if not isinstance(value, str):
            raise TypeError(f"a short-text answer is text, not {value!r}")
        if len(value) > 1000:
            raise ValueError("a short-text answer has at most 1000 characters")
        return value.strip()

    @classmethod
    def facts(cls, answer: str | list[str], **params: Any) -> list[str]:
        accepted = [answer] if isinstance(answer, str) else list(answer)
        return [f"text={normalize_text(cls.coerce(text))}" for text in accepted]

    @classmethod
    def score(cls, answer: str, key: Key, **params: Any) -> Score:
        if key.holds(f"text={normalize_text(cls.coerce(answer))}"):
            return Score(1.0, "that answer is right")
        return Score(0.0, "that answer is not the one expected (check the spelling)")
