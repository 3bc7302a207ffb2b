"""Sealed (hashed, salted) self-check keys and plain instructor keys."""

import pytest

from guarantees.keys import SEALED_PREFIX, PlainKey, SealedKey, digest, seal
from guarantees.scoring import kind_named, seal_answer


def test_sealed_key_confirms_facts_without_containing_them():
    text = seal(["choice=Budapest Memorandum"])
    key = SealedKey.from_text(text)
    assert key.holds("choice=Budapest Memorandum")
    assert not key.holds("choice=Trilateral Statement")
    assert text == f"{SEALED_PREFIX}:{key.salt}:{digest(key.salt, 'choice=Budapest Memorandum')}"


def test_salt_makes_equal_answers_seal_differently():
    assert seal(["choice=1994"]) != seal(["choice=1994"])
    assert seal(["choice=1994"], salt="ab" * 8) == seal(["choice=1994"], salt="ab" * 8)


@pytest.mark.parametrize("text", ["", "1994", "sealed-v1:zz:abc", "sealed-v2:0123456789abcdef:ab"])
def test_malformed_sealed_key_is_a_clear_error(text):
    with pytest.raises(ValueError, match="not a sealed key"):
        SealedKey.from_text(text)


def test_sealed_key_round_trips_as_text():
    text = seal(["a", "b", "c"])
    assert str(SealedKey.from_text(text)) == text
    assert SealedKey.from_text(text).size == 3


@pytest.mark.parametrize(
    "kind, answer, params",
    [
        ("single_choice", "Ukraine", {}),
        (
            "multiple_choice",
            ["Ukraine", "Russian Federation"],
            {"options": ["Ukraine", "Russian Federation", "France", "China"]},
        ),
        ("number", 1900, {"tolerance": 50}),
        ("short_text", ["Zelenskyy", "Zelensky"], {}),
        ("ordering", ["first", "second", "third"], {}),
        (
            "matching",
            {"Lavrov": "attributed claim"},
            {"options": ["fact", "attributed claim", "opinion"]},
        ),
    ],
)
def test_sealed_and_plain_keys_score_alike(kind, answer, params):
    exercise = kind_named(kind)
    sealed = SealedKey.from_text(seal_answer(kind, answer, **params))
    facts = exercise.facts(answer, **params)
    plain = PlainKey.of(facts)
    given = answer[0] if kind == "short_text" else answer
    assert exercise.score(given, sealed, **params).fraction == 1.0
    assert exercise.score(given, plain, **params) == exercise.score(given, sealed, **params)
    assert_sealed_with_nothing_but_digests(seal_answer(kind, answer, **params), answer, facts)


def assert_sealed_with_nothing_but_digests(text: str, answer, facts: list[str]) -> None:
    """``text`` is the version, a salt and one salted digest per fact: no answer in any form.

    Fields are compared whole, never by substring (a hex-like answer such as 1900 turns up in
    the hex digits by chance)."""
    sealed = SealedKey.from_text(text)
    assert text == seal(facts, salt=sealed.salt)
    assert sealed.digests == {digest(sealed.salt, fact) for fact in facts}
    assert all(sealed.holds(fact) for fact in facts)
    fields = {*text.split(":"), *sealed.digests}
    for plain in {*plain_parts(answer), *facts}:
        assert plain not in fields, f"{plain!r} is readable in the key"


def plain_parts(answer) -> set[str]:
    """The answer as text, and each option, item or side of a pair in it."""
    if isinstance(answer, dict):
        parts = [*answer, *answer.values()]
    elif isinstance(answer, list):
        parts = answer
    else:
        parts = []
    return {str(answer), *map(str, parts)}
