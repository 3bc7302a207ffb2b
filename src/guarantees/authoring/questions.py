"""An exercise as its author writes it: the ``{exercise}`` block of a course source.

A block names the question, gives options as ``:name: value`` lines, then the prompt, the answer
written the way the kind is shown, and optional ``Hint:`` and ``Explanation:`` paragraphs::

    ```{exercise} l2-tripwire
    :kind: single_choice

    What decides whether a small force deters, according to Reiter and Poast?

    - [ ] Whether its soldiers are volunteers
    - [x] Whether it shifts the local balance of military power

    Hint: Think of what an attacker has to overcome.
    ```

How each kind writes its answer:

============== ===================================================================
single_choice  ``- [x] right option`` and ``- [ ] other option`` lines (one ``[x]``)
multiple_choice the same, with every right option ticked
ordering       ``3. item`` lines in the order shown; the number is the item's right place
matching       ``- left item → partner`` lines, then ``Choices:`` and ``- partner`` lines
short_text     ``- accepted answer`` lines (case, accents and punctuation are ignored)
number         ``Answer: 16``, with ``:tolerance:`` and ``:unit:`` options
============== ===================================================================

Choice, ordering and matching questions may list a pool larger than a term is shown: ``:show: N``
(see :mod:`guarantees.authoring.variants`). A graded question that cannot vary says why in
``:variants-reason:``.

>>> question = parse_exercise("q1", [":kind: ordering", "", "Order them.", "", "2. b", "1. a"])
>>> question.choices, question.answer
(('b', 'a'), ['a', 'b'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

KINDS = ("single_choice", "multiple_choice", "number", "short_text", "ordering", "matching")
OPTIONS = {"kind", "points", "tolerance", "unit", "show", "variants-reason"}
POOLED = ("single_choice", "multiple_choice", "ordering", "matching")
ARROW = " → "
_OPTION = re.compile(r"^:([a-z_-]+):\s*(.*)$")
_TICK = re.compile(r"^- \[([ x])\] (.+)$")
_RANK = re.compile(r"^(\d+)\. (.+)$")
_FIELD = re.compile(r"^(Hint|Explanation|Answer): (.+)$", re.DOTALL)


class SourceError(ValueError):
    """A mistake in a course source, with the place it was found."""


@dataclass(frozen=True)
class Question:
    """One exercise, with its key: everything the build needs to write its cells and keys."""

    question_id: str
    kind: str
    prompt: str
    answer: Any
    choices: tuple[str, ...] = ()
    """Options, ordering items (in the order shown) or matching's left column."""
    partners: tuple[str, ...] = ()
    """Matching's right column, in the order shown."""
    points: float | None = None
    tolerance: float | None = None
    unit: str = ""
    hint: str | None = None
    explanation: str | None = None
    show: int | None = None
    """How many options (ordering: items; matching: left items) a term is shown, drawn from a
    larger pool (:mod:`guarantees.authoring.variants`); ``None`` shows them all."""
    variants_reason: str | None = None
    """Why the question has fewer than three variants, when the material allows no more."""

    @property
    def key_params(self) -> dict[str, Any]:
        """The parameters scoring needs beside the answer: a number's tolerance, or the options
        (matching: the partners) a choice question offers, as authored."""
        if self.tolerance is not None:
            return {"tolerance": self.tolerance}
        if self.kind in ("single_choice", "multiple_choice"):
            return {"options": list(self.choices)}
        if self.kind == "matching":
            return {"options": list(self.partners)}
        return {}


def parse_exercise(question_id: str, lines: list[str], where: str = "") -> Question:
    """The question written in one ``{exercise}`` block (its lines after the opening fence)."""
    place = f"{where}exercise {question_id!r}: "
    options, rest = _options(lines, place)
    kind = options.pop("kind", None)
    if kind not in KINDS:
        raise SourceError(f"{place}:kind: must be one of {', '.join(KINDS)}, not {kind!r}")
    prompt, lists, fields = [], [], {}
    for block in _blocks(rest):
        field_match = _FIELD.match(block[0])
        if field_match:
            fields[field_match[1].lower()] = " ".join([field_match[2], *block[1:]]).strip()
        elif block[0].startswith("- ") or _RANK.match(block[0]) or block[0] == "Choices:":
            lists.append(block)
        elif lists:
            raise SourceError(f"{place}the prompt comes before the answer lines: {block[0]!r}")
        else:
            prompt.append(" ".join(block))
    if not prompt:
        raise SourceError(f"{place}the prompt is missing")
    answer_parts = _answer(kind, lists, fields.pop("answer", None), place)
    show = _number(options.pop("show", None), place, "show")
    if show is not None:
        _check_show(kind, show, answer_parts, place)
    return Question(
        question_id,
        kind,
        "\n\n".join(prompt),
        points=_number(options.pop("points", None), place, "points"),
        tolerance=_number(options.pop("tolerance", None), place, "tolerance"),
        unit=options.pop("unit", ""),
        hint=fields.get("hint"),
        explanation=fields.get("explanation"),
        show=show,
        variants_reason=options.pop("variants-reason", None),
        **answer_parts,
    )


def _check_show(kind: str, show: float, answer_parts: dict[str, Any], place: str) -> None:
    """``:show:`` must leave a pool to draw from, and a draw that still asks something."""
    listed = len(answer_parts.get("choices", ()))
    least = {"single_choice": 2, "multiple_choice": 3, "ordering": 3, "matching": 2}.get(kind)
    if least is None or not isinstance(show, int) or not least <= show < listed:
        raise SourceError(
            f"{place}:show: is for {', '.join(POOLED)}: a whole number from 2 (multiple choice "
            "and ordering: 3) to one less than the number of options or items listed (the rest "
            "form the pool a term draws from)"
        )
    if kind == "multiple_choice":
        right = len(answer_parts["answer"])
        if right == listed:
            raise SourceError(f"{place}:show: needs a pool of right and of wrong options")


def _options(lines: list[str], place: str) -> tuple[dict[str, str], list[str]]:
    options: dict[str, str] = {}
    for number, line in enumerate(lines):
        match = _OPTION.match(line)
        if not match:
            return options, lines[number:]
        if match[1] not in OPTIONS:
            raise SourceError(f"{place}unknown option :{match[1]}: (known: {sorted(OPTIONS)})")
        options[match[1]] = match[2].strip()
    return options, []


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _number(text: str | None, place: str, name: str) -> float | int | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise SourceError(f"{place}:{name}: must be a number, not {text!r}") from None
    return int(value) if value.is_integer() else value


def _answer(kind: str, lists: list[list[str]], answer: str | None, place: str) -> dict[str, Any]:
    lines = [line for block in lists for line in block]
    if kind == "number":
        if answer is None or lines:
            raise SourceError(f"{place}a number question gives 'Answer: <number>' and no list")
        return {"answer": _number(answer, place, "Answer")}
    if answer is not None:
        raise SourceError(f"{place}'Answer:' is for number questions; this kind lists its answer")
    if kind in ("single_choice", "multiple_choice"):
        return _ticked(kind, lines, place)
    if kind == "ordering":
        return _ranked(lines, place)
    if kind == "matching":
        return _paired(lines, place)
    accepted = [_bullet(line, place) for line in lines]
    if not accepted:
        raise SourceError(f"{place}list the accepted answers as '- answer' lines")
    return {"answer": accepted[0] if len(accepted) == 1 else accepted}


def _bullet(line: str, place: str) -> str:
    if not line.startswith("- "):
        raise SourceError(f"{place}expected a '- ' line, not {line!r}")
    return line[2:].strip()


def _ticked(kind: str, lines: list[str], place: str) -> dict[str, Any]:
    matches = [_TICK.match(line) for line in lines]
    if not lines or not all(matches):
        raise SourceError(f"{place}write each option as '- [x] right' or '- [ ] wrong'")
    choices = tuple(match[2].strip() for match in matches)
    right = [match[2].strip() for match in matches if match[1] == "x"]
    if kind == "single_choice" and len(right) != 1:
        raise SourceError(f"{place}a single-choice question ticks exactly one option")
    if not right:
        raise SourceError(f"{place}tick at least one right option")
    return {"choices": choices, "answer": right[0] if kind == "single_choice" else right}


def _ranked(lines: list[str], place: str) -> dict[str, Any]:
    matches = [_RANK.match(line) for line in lines]
    if not lines or not all(matches):
        raise SourceError(f"{place}write each item as '<right place>. item', in the order shown")
    ranks = [int(match[1]) for match in matches]
    if sorted(ranks) != list(range(1, len(ranks) + 1)):
        raise SourceError(f"{place}the places {ranks} must be 1 to {len(ranks)}, each once")
    choices = tuple(match[2].strip() for match in matches)
    return {
        "choices": choices,
        "answer": [item for _, item in sorted(zip(ranks, choices, strict=True))],
    }


def _paired(lines: list[str], place: str) -> dict[str, Any]:
    if "Choices:" not in lines:
        raise SourceError(f"{place}a matching question lists its partners after 'Choices:'")
    split = lines.index("Choices:")
    pairs = [_bullet(line, place).split(ARROW) for line in lines[:split]]
    if not pairs or any(len(pair) != 2 for pair in pairs):
        raise SourceError(f"{place}write each pair as '- item{ARROW}partner'")
    partners = tuple(_bullet(line, place) for line in lines[split + 1 :])
    unknown = [right for _, right in pairs if right not in partners]
    if unknown:
        raise SourceError(f"{place}partners {unknown} are not listed after 'Choices:'")
    return {
        "choices": tuple(left.strip() for left, _ in pairs),
        "partners": partners,
        "answer": {left.strip(): right.strip() for left, right in pairs},
    }
