"""The seminar kit (docs/seminar/): every lesson in content/lessons has a plan in the shared
format (docs/seminar/README.md), with timings that add up to a 60-90 minute session and an
answer guide and a common misconception for every discussion prompt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEMINAR = ROOT / "docs" / "seminar"
LESSONS = sorted((ROOT / "content" / "lessons").glob("*.md"))
PARTS = ("Timeline", "Discussion prompts", "Exit ticket", "Realistic student timings")
TIMELINE_HEADER = "| Minutes | Activity | What the instructor does |"


def sections(text: str) -> dict[str, str]:
    """The plan's ``## `` sections by heading."""
    pieces = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    return {pieces[i].strip(): pieces[i + 1] for i in range(1, len(pieces), 2)}


def lesson_title(lesson: Path) -> str:
    """The lesson's number and title as its heading gives them, e.g. '0 · Start here: ...'."""
    return re.search(r"^# (.+)$", lesson.read_text(encoding="utf-8"), re.MULTILINE)[1].strip()


def plan_problems(text: str, title: str) -> list[str]:
    """What a seminar plan for the lesson titled ``title`` lacks (empty when complete)."""
    problems = []
    if not text.startswith(f"# Seminar plan: Lesson {title}\n"):
        problems.append(f"the first line is not '# Seminar plan: Lesson {title}'")
    parts = sections(text)
    if [name for name in parts if name in PARTS] != list(PARTS):
        return [*problems, f"the parts are not {', '.join(PARTS)}, in this order"]
    rows = [line.strip() for line in parts["Timeline"].splitlines() if line.startswith("|")]
    if not rows or rows[0] != TIMELINE_HEADER:
        problems.append(f"the timeline's table does not start with {TIMELINE_HEADER}")
    minutes = sum(int(row.split("|")[1]) for row in rows[2:])
    if not 60 <= minutes <= 90:
        problems.append(f"the timeline adds up to {minutes} minutes, not 60-90")
    if not re.search(rf"^\*\*Length:\*\* {minutes} minutes$", text, re.MULTILINE):
        problems.append(f"no line '**Length:** {minutes} minutes' (the timeline's sum)")
    prompts = re.split(r"^\d+\. ", parts["Discussion prompts"], flags=re.MULTILINE)[1:]
    if len(prompts) < 3:
        problems.append("fewer than three numbered discussion prompts")
    for number, prompt in enumerate(prompts, start=1):
        for label in ("**Answer guide:**", "**Common misconception:**"):
            if label not in prompt:
                problems.append(f"discussion prompt {number} has no {label}")
    if "**Answer guide:**" not in parts["Exit ticket"]:
        problems.append("the exit ticket has no **Answer guide:**")
    if not parts["Realistic student timings"].strip():
        problems.append("the student timings are empty")
    return problems


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_every_lesson_has_a_complete_seminar_plan(lesson):
    plan = SEMINAR / lesson.name
    assert plan.is_file(), f"no seminar plan {plan.relative_to(ROOT)}"
    assert plan_problems(plan.read_text(encoding="utf-8"), lesson_title(lesson)) == []


def test_the_kit_index_links_every_plan():
    index = (SEMINAR / "README.md").read_text(encoding="utf-8")
    for plan in sorted(SEMINAR.glob("[0-9][0-9]_*.md")):
        assert f"]({plan.name})" in index, f"README.md does not link {plan.name}"


@pytest.mark.parametrize(
    "change, problem",
    [
        (("**Answer guide:** Because", "Because"), "prompt 1 has no **Answer guide:**"),
        (("**Common misconception:**", "Often:"), "prompt 1 has no **Common misconception:**"),
        (("| 30 |", "| 50 |"), "adds up to 95 minutes"),
        (("**Length:** 75", "**Length:** 70"), "no line '**Length:** 75 minutes'"),
        (("## Exit ticket", "## Exit"), "the parts are not"),
    ],
)
def test_an_incomplete_plan_is_caught(change, problem):
    complete = """# Seminar plan: Lesson 1 · Title

**Length:** 75 minutes

## Timeline

| Minutes | Activity | What the instructor does |
|---|---|---|
| 45 | Work | Circulates |
| 30 | Debrief | Asks |

## Discussion prompts

1. Why?

   **Answer guide:** Because.

   **Common misconception:** None.

2. How?

   **Answer guide:** So.

   **Common misconception:** Often.

3. When?

   **Answer guide:** Then.

   **Common misconception:** Never.

## Exit ticket

What? **Answer guide:** That.

## Realistic student timings

About an hour.
"""
    assert plan_problems(complete, "1 · Title") == []
    old, new = change
    broken = complete.replace(old, new, 1)
    assert any(problem in line for line in plan_problems(broken, "1 · Title"))


def test_the_debate_evidence_packs_assemble_from_the_data(capsys):
    """The code in debates.md finds every row and reference its packs name (it asserts so)."""
    text = (SEMINAR / "debates.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    namespace: dict = {}
    exec(compile(code, "debates.md", "exec"), namespace)
    assert "without_us_forces: diplomacy_timeline_2025, 9 rows" in capsys.readouterr().out
    credibility = namespace["coalition_credibility"]()  # the pack says: lower without the U.S.
    assert credibility["European coalition"] < credibility["United States and European coalition"]


ASSIGNMENTS = ROOT / "content" / "assignments"
WRITTEN = re.compile(
    r'^\+\+\+ \{"question": "([^"]+)", "part": "written", "points": (\d+)\}$', re.M
)


def rubrics() -> dict[str, tuple[int, dict[str, int]]]:
    """Each written question of a0-a5: its points and its rubric's criteria with their full
    marks, read from the assignment sources (the rubrics' one owner)."""
    found = {}
    for source in sorted(ASSIGNMENTS.glob("a[0-5]_*.md")):
        text = source.read_text(encoding="utf-8")
        start = 0
        for match in WRITTEN.finditer(text):
            rows = re.findall(r"^\| \*\*(.+?)\*\*[^|]*\| (\d+)", text[start : match.start()], re.M)
            found[match[1]] = (int(match[2]), {name: int(full) for name, full in rows})
            start = match.end()
    return found


def test_the_calibration_set_scores_every_written_question_by_its_rubric():
    text = (SEMINAR / "calibration.md").read_text(encoding="utf-8")
    questions = sections(text)
    expected = rubrics()
    assert len(expected) >= 10 and set(expected) <= set(questions)
    for question, (points, criteria) in expected.items():
        samples = re.split(r"^### ", questions[question], flags=re.M)[1:]
        assert len(samples) >= 2, f"{question}: at least two samples"
        for sample in samples:
            rows = re.findall(r"^\| ([^|]+?) \| (\d+) \|", sample, re.M)
            scored = {name: int(score) for name, score in rows}
            assert set(scored) == set(criteria), f"{question}: criteria {sorted(scored)}"
            for name, score in scored.items():
                assert score <= criteria[name], f"{question}, {name}: {score} > {criteria[name]}"
            total = re.search(r"^\*\*Score: (\d+) / (\d+)\*\*$", sample, re.M)
            assert total and (int(total[1]), int(total[2])) == (sum(scored.values()), points)
            assert sum(scored.values()) < points, f"{question}: a sample below the model answer"
