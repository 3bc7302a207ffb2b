"""The Python a generated exercise cell holds: ``lesson.<kind>(...)`` or ``assignment.<kind>(...)``.

The code is written the way ``ruff format`` leaves it (long strings split at spaces into
implicitly joined parts of at most 100 columns), so a generated notebook passes the format check.

>>> print(string_lines("A short prompt.", indent=4, prefix="", suffix=","))
    "A short prompt.",
"""

from __future__ import annotations

from guarantees.authoring.questions import Question

WIDTH = 100
INDENT = 4
LIST_ARGUMENT = {
    "single_choice": "options",
    "multiple_choice": "options",
    "ordering": "items",
    "matching": "left",
}


def exercise_call(worksheet: str, question: Question, key: str | None = None) -> str:
    """The call that shows ``question`` in a notebook whose worksheet variable is ``worksheet``."""
    lines = [f"{worksheet}.{question.kind}(", string_lines(question.question_id)]
    lines.append(string_lines(question.prompt))
    if question.kind in LIST_ARGUMENT:
        lines.append(list_lines(LIST_ARGUMENT[question.kind], question.choices))
    if question.kind == "matching":
        lines.append(list_lines("right", question.partners))
    if question.kind == "number":
        if question.tolerance is not None:
            lines.append(f"{' ' * INDENT}tolerance={question.tolerance!r},")
        if question.unit:
            lines.append(string_lines(question.unit, prefix="unit="))
    for name in ("hint", "explanation"):
        text = getattr(question, name)
        if text:
            lines.append(string_lines(text, prefix=f"{name}="))
    if key is not None:
        lines.append(string_lines(key, prefix="key="))
    return "\n".join([*lines, ")"])


def list_lines(name: str, items: tuple[str, ...]) -> str:
    """A keyword argument holding a list of strings, one item a line."""
    inner = [string_lines(item, indent=2 * INDENT) for item in items]
    return "\n".join([f"{' ' * INDENT}{name}=[", *inner, f"{' ' * INDENT}],"])


def string_lines(text: str, indent: int = INDENT, prefix: str = "", suffix: str = ",") -> str:
    """``text`` as a string literal, split at spaces into parts that fit the line width."""
    pad = " " * indent
    whole = f"{pad}{prefix}{quote(text)}{suffix}"
    if len(whole) <= WIDTH:
        return whole
    parts, current = [], ""
    for word in text.split(" "):
        candidate = f"{current}{word} "
        first = not parts
        room = WIDTH - indent - (len(prefix) if first else 0) - len(suffix)
        if current and len(quote(candidate)) > room:
            parts.append(current)
            current = f"{word} "
        else:
            current = candidate
    parts.append(current[:-1])
    lines = [
        f"{pad}{prefix if number == 0 else ''}{quote(part)}" for number, part in enumerate(parts)
    ]
    return "\n".join(lines) + suffix


def quote(text: str) -> str:
    """A string literal in ruff's preferred quotes."""
    escaped = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    if '"' in text and "'" not in text:
        return f"'{escaped}'"
    return '"' + escaped.replace('"', '\\"') + '"'
