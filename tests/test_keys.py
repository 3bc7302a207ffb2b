"""Sealed (hashed, salted) self-check keys and plain instructor keys."""

import pytest

from guarantees.keys import PlainKey, SealedKey, seal
from guarantees.scoring import kind_named, seal_answer


def test_sealed_key_confirms_facts_without_containing_them():
    text = seal(["choice=Budapest Memorandum"])
    key = SealedKey.from_text(text)
    assert key.holds("choice=Budapest Memorandum")
    assert not key.holds("choice=Trilateral Statement")
    assert "Budapest" not in text


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
        ("multiple_choice", ["Ukraine", "Russian Federation"], {}),
        ("number", 1900, {"tolerance": 50}),
        ("short_text", ["Zelenskyy", "Zelensky"], {}),
        ("ordering", ["first", "second", "third"], {}),
        ("matching", {"Lavrov": "attributed claim"}, {}),
    ],
)
def test_sealed_and_plain_keys_score_alike(kind, answer, params):
    exercise = kind_named(kind)
    sealed = SealedKey.from_text(seal_answer(kind, answer, **params))
    plain = PlainKey.of(exercise.facts(answer, **params))
    given = answer[0] if kind == "short_text" else answer
    assert exercise.score(given, sealed, **params).fraction == 1.0
    assert exercise.score(given, plain, **params) == exercise.score(given, sealed, **params)
    for value in map(str, answer.values() if isinstance(answer, dict) else [answer]):
        assert value not in seal_answer(kind, answer, **params)
