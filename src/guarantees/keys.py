"""Answer keys: salted hashes for self-check lessons, plain facts for instructors' grading.

A key is a set of *facts* that hold for the right answer, such as ``"choice=1994"`` or
``"position 2=Budapest Memorandum"``. Each exercise kind says which facts its answers state and
scores an answer by asking the key which of them hold. A lesson notebook carries only a
:class:`SealedKey`: a random salt and the SHA-256 digests of the facts, so the right answer is
never written in it. Graded keys are :class:`PlainKey` objects read from the instructor's
``answer_keys/`` folder, which is never released.

>>> sealed = SealedKey.from_text(seal(["choice=1994"], salt="0123456789abcdef"))
>>> sealed.holds("choice=1994"), sealed.holds("choice=2014"), sealed.size
(True, False, 1)
>>> "1994" in str(sealed)
False
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

SEALED_PREFIX = "sealed-v1"
HIDDEN_TEXT_PREFIX = "hidden-text-v1:"
DIGEST_LENGTH = 24
_SEALED_PATTERN = re.compile(rf"^{SEALED_PREFIX}:([0-9a-f]{{16,64}}):([0-9a-f.]+)$")


class Key(Protocol):
    """What scoring needs from a key."""

    def holds(self, fact: str) -> bool: ...

    @property
    def size(self) -> int: ...


def digest(salt: str, fact: str) -> str:
    """The salted digest of one fact."""
    return hashlib.sha256(f"{salt}\n{fact}".encode()).hexdigest()[:DIGEST_LENGTH]


def seal(facts: Iterable[str], salt: str | None = None) -> str:
    """A sealed key as text, for pasting into a lesson: ``sealed-v1:<salt>:<digest>.<digest>``."""
    salt = salt or secrets.token_hex(8)
    digests = sorted({digest(salt, fact) for fact in facts})
    if not digests:
        raise ValueError("a key needs at least one fact")
    return f"{SEALED_PREFIX}:{salt}:{'.'.join(digests)}"


@dataclass(frozen=True)
class SealedKey:
    """A key that can confirm facts without containing them."""

    salt: str
    digests: frozenset[str]

    @classmethod
    def from_text(cls, text: str) -> SealedKey:
        match = _SEALED_PATTERN.match(text.strip()) if isinstance(text, str) else None
        if not match:
            raise ValueError(
                f"{text!r} is not a sealed key: expected '{SEALED_PREFIX}:<salt>:<digests>' "
                "as written by `guarantees build`."
            )
        return cls(match.group(1), frozenset(match.group(2).split(".")))

    def holds(self, fact: str) -> bool:
        return digest(self.salt, fact) in self.digests

    @property
    def size(self) -> int:
        return len(self.digests)

    def __str__(self) -> str:
        return f"{SEALED_PREFIX}:{self.salt}:{'.'.join(sorted(self.digests))}"


@dataclass(frozen=True)
class PlainKey:
    """A key held in the clear: only ever built on the instructor's side."""

    facts: frozenset[str]

    @classmethod
    def of(cls, facts: Iterable[str]) -> PlainKey:
        return cls(frozenset(facts))

    def holds(self, fact: str) -> bool:
        return fact in self.facts

    @property
    def size(self) -> int:
        return len(self.facts)


def hide_text(text: str) -> str:
    """``text`` out of plain sight (an explanation a lesson shows only after a try): compressed
    and base64-encoded. It hides the text from a reader of the cell; it is no secret.

    >>> hidden = hide_text("Sweden joined on 7 March 2024.")
    >>> "Sweden" in hidden, show_text(hidden)
    (False, 'Sweden joined on 7 March 2024.')
    """
    return HIDDEN_TEXT_PREFIX + base64.b64encode(zlib.compress(text.encode(), 9)).decode()


def show_text(text: str) -> str:
    """The text ``hide_text`` hid; any other text as it is."""
    if not text.startswith(HIDDEN_TEXT_PREFIX):
        return text
    return zlib.decompress(base64.b64decode(text[len(HIDDEN_TEXT_PREFIX) :])).decode()
