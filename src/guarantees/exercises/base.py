"""What every exercise shares: a prompt, an input, a hint, feedback, and saving through the store.

An exercise never grades for nbgrader. It shows feedback: in a *self-check* lesson it scores the
answer against a sealed key; in a *graded* assignment it only confirms that the answer was saved.
Subclasses (one module per kind) supply the input widget and how to read and write it; which
facts an answer states and how it scores against a key come from the pure ``guarantees.kinds``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from guarantees.answers import AnswerStore, now
from guarantees.keys import Key, SealedKey, show_text
from guarantees.kinds import Kind, Score
from guarantees.option_order import shuffled

QUESTION_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
EXPLAIN_AFTER_ATTEMPTS = 2

# ipywidgets gives Python no way to set ARIA attributes, and JupyterLab's command-mode shortcuts
# (arrows, A, B, M, D D, ...) act on whatever control has the focus. This script, run by the
# browser when an exercise is shown, adds what is missing; where it cannot run (a static export)
# nothing else changes and every control still works with Tab, Space and Enter:
# - the radio buttons or check boxes of a question form a ``radiogroup`` or ``group`` named by the
#   question's prompt, and text boxes and drop-down lists are described by it;
# - the feedback area is a live region that stays in place, so new feedback is announced;
# - the buttons' icons are hidden from screen readers, so a button is named "Check", not by the
#   icon font's private character and "Check";
# - keys pressed on an exercise's control (an input, a list, a button) stay with that control
#   and never reach JupyterLab's shortcuts, so no key can turn the cell into Markdown or delete it.
A11Y_SCRIPT = """
(function (element) {
  "use strict";
  var SUPPRESS = "data-lm-suppress-shortcuts";
  function uniqueId() {
    window.guaranteesA11yIds = (window.guaranteesA11yIds || 0) + 1;
    return "guarantees-prompt-" + window.guaranteesA11yIds;
  }
  function decorate(root) {
    var prompt = root.querySelector(".guarantees-prompt");
    if (!prompt) { return; }
    if (!prompt.id) { prompt.id = uniqueId(); }
    root.querySelectorAll(".guarantees-choices").forEach(function (choices) {
      var radios = choices.querySelector(".widget-radio-box");
      var group = radios || choices;
      group.setAttribute("role", radios ? "radiogroup" : "group");
      group.setAttribute("aria-labelledby", prompt.id);
    });
    root.querySelectorAll("input[type=text], select").forEach(function (control) {
      control.setAttribute("aria-describedby", prompt.id);
    });
    root.querySelectorAll(".guarantees-feedback-area .widget-html-content").forEach(function (a) {
      a.setAttribute("aria-live", "polite");
    });
    root.querySelectorAll("button i").forEach(function (icon) {
      icon.setAttribute("aria-hidden", "true");
    });
    root.querySelectorAll("input, select, button, textarea").forEach(function (control) {
      control.setAttribute(SUPPRESS, "");
    });
  }
  var tries = 0;
  (function attach() {
    var root = element.closest(".guarantees-exercise");
    if (!root || !root.querySelector(".guarantees-prompt")) {
      if (tries++ < 400) { setTimeout(attach, 25); }
      return;
    }
    decorate(root);
    new MutationObserver(function () { decorate(root); })
      .observe(root, {childList: true, subtree: true});
  })();
})(element);
"""


class Exercise(Kind):
    """Base class of every exercise; build them through a ``Lesson`` or ``Assignment``.

    A subclass names its kind's rules first, e.g. ``class SingleChoice(SingleChoiceKind,
    Exercise)``, so ``coerce``, ``facts`` and ``score`` are the pure ones of ``guarantees.kinds``.
    """

    def __init__(
        self,
        question_id: str,
        prompt: str,
        *,
        store: AnswerStore,
        key: str | None = None,
        hint: str | None = None,
        explanation: str | None = None,
        on_change: Callable[[], None] | None = None,
        order_seed: str = "",
    ) -> None:
        if not isinstance(question_id, str) or not QUESTION_ID_PATTERN.match(question_id):
            raise ValueError(
                f"question id {question_id!r} must start with a letter or digit and use only "
                "letters, digits, '-', '_' and '.'"
            )
        self.question_id = question_id
        self.order_seed = order_seed
        self.prompt = prompt
        self.hint = hint
        self.explanation = show_text(explanation) if explanation else explanation
        self.key: Key | None = SealedKey.from_text(key) if key is not None else None
        self.last_score: Score | None = None
        self.attempts = 0
        self._store = store
        self._on_change = on_change or (lambda: None)
        self._restoring = False
        self._feedback_text = ""

        self._feedback = widgets.HTML()
        self._feedback.add_class("guarantees-feedback-area")
        self._hint_text = widgets.HTML()
        self.input = self._make_input()
        self.widget = widgets.VBox(
            [
                self._prompt_widget(),
                self.input,
                self._buttons(),
                self._hint_text,
                self._feedback,
                accessibility_script(),
            ],
            layout=widgets.Layout(border="1px solid #d0d7de", padding="6px 10px", margin="6px 0"),
        )
        self.widget.add_class("guarantees-exercise")
        self._restore()

    # -- what a kind supplies -------------------------------------------------------------

    def _make_input(self) -> widgets.Widget:
        raise NotImplementedError

    def _read_input(self) -> Any:
        """The answer shown in the widget now, or ``None`` when there is none yet."""
        raise NotImplementedError

    def _write_input(self, value: Any) -> None:
        raise NotImplementedError

    def normalize(self, value: Any) -> Any:
        """Check an answer against this question (its options, its items) and tidy it."""
        return self.coerce(value)

    def _params(self) -> dict[str, Any]:
        """Parameters that scoring needs besides the key (e.g. a tolerance)."""
        return {}

    def shown_order(self, options: list[str]) -> list[str]:
        """``options`` in the order this student sees them (:mod:`guarantees.option_order`)."""
        return shuffled(options, self.order_seed, self.question_id)

    # -- what students (and tests) use ----------------------------------------------------

    @property
    def mode(self) -> str:
        return "self-check" if self.key is not None else "graded"

    @property
    def value(self) -> Any:
        """The current answer, or ``None`` when the question is not answered yet."""
        return self._read_input()

    @property
    def is_answered(self) -> bool:
        return self.value not in (None, [], {}, "")

    @property
    def feedback(self) -> str:
        """The feedback now shown under the exercise, as plain text."""
        return self._feedback_text

    def answer(self, value: Any) -> None:
        """Answer the question as a click or keystroke would: the widget shows it, it is saved."""
        value = self.normalize(value)
        self._restoring = True
        try:
            self._write_input(value)
        finally:
            self._restoring = False
        self._changed()

    def check(self) -> Score | None:
        """Press *Check*: score the answer against the sealed key and show feedback."""
        if self.key is None:
            self._show_saved()
            return None
        answer = self.value
        if not self.is_answered:
            self._show("info", "Answer the question first, then press Check.")
            return None
        score = self.score(answer, self.key, **self._params())
        self.attempts += 1
        self._save(answer, score.fraction)
        self._show_score(score)
        self._on_change()
        return score

    def show_hint(self) -> None:
        self._hint_text.value = (
            f'<div class="guarantees-hint"><b>Hint:</b> {html.escape(self.hint or "")}</div>'
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """The live widget in Jupyter; a readable summary where widgets cannot render."""
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        shown = repr(self.value) if self.is_answered else "not answered"
        bundle["text/plain"] = (
            f"[{self.mode} exercise {self.question_id}] {self.prompt}\nAnswer: {shown}"
        )
        return bundle

    # -- inside ---------------------------------------------------------------------------

    def _prompt_widget(self) -> widgets.HTML:
        mode = "Self-check" if self.mode == "self-check" else "Graded"
        return widgets.HTML(
            f'<div class="guarantees-prompt"><b>{html.escape(self.question_id)}</b> '
            f"<small>({mode})</small><br>{html.escape(self.prompt)}</div>"
        )

    def _buttons(self) -> widgets.HBox:
        buttons = []
        if self.mode == "self-check":
            check = widgets.Button(
                description="Check",
                tooltip=f"Check your answer to {self.question_id}",
                button_style="primary",
                icon="check",
            )
            check.on_click(lambda _: self.check())
            buttons.append(check)
        if self.hint:
            hint = widgets.Button(
                description="Hint", tooltip=f"Show a hint for {self.question_id}", icon="lightbulb"
            )
            hint.on_click(lambda _: self.show_hint())
            buttons.append(hint)
        return widgets.HBox(buttons)

    def _changed(self, *_: Any) -> None:
        """Called on every change of the input widgets: save at once."""
        if self._restoring:
            return
        answer = self.value
        if answer is None:
            return
        self.last_score = None
        if self._save(answer, None):
            if self.mode == "self-check":
                self._show("info", "Saved. Press Check to see if it is right.")
            else:
                self._show_saved()
        self._on_change()

    def _save(self, answer: Any, score: float | None) -> bool:
        saved = self._store.save(self.question_id, self.kind, answer, score)
        if not saved:
            self._show("info", "nbgrader is running this notebook: answers are read, not saved.")
        return saved

    def _show_score(self, score: Score) -> None:
        self.last_score = score
        if score.is_correct:
            self._show("correct", f"Correct. {self.explanation or ''}")
            return
        text = f"Not yet: {score.summary}."
        if self.hint:
            text += f" Hint: {self.hint}"
        if self.explanation and self.attempts >= EXPLAIN_AFTER_ATTEMPTS:
            text += f" Explanation: {self.explanation}"
        self._show("incorrect", text)

    def _show_saved(self) -> None:
        if not self.is_answered:
            self._show("info", "Not answered yet.")
        else:
            self._show("saved", f"Saved at {now()}. Your answer is graded after you submit.")

    def _restore(self) -> None:
        saved = self._store.get(self.question_id)
        for problem in self._store.problems:
            self._show("warning", problem)
        if saved is None:
            return
        try:
            if saved.kind != self.kind:
                raise TypeError(f"it was saved by a {saved.kind} exercise, not a {self.kind} one")
            value = self.normalize(saved.value)
        except (TypeError, ValueError) as error:
            self._store.keep_aside(f"The saved answer to {self.question_id} was ignored: {error}.")
            self._show("warning", self._store.problems[-1])
            return
        self._restoring = True
        try:
            self._write_input(value)
        finally:
            self._restoring = False
        if saved.score is not None and self.key is not None:
            self._show_score(self.score(value, self.key, **self._params()))
        elif self.mode == "graded":
            self._show_saved()

    def _show(self, status: str, text: str) -> None:
        self._feedback_text = text.strip()
        colours = {
            "correct": "#1a7f37",
            "incorrect": "#b35900",
            "warning": "#cf222e",
            "saved": "#0969da",
            "info": "#57606a",
        }
        symbol = {"correct": "✔", "incorrect": "✘", "warning": "⚠", "saved": "✔"}.get(status, "")
        self._feedback.value = (
            f'<div class="guarantees-feedback guarantees-{status}" role="status" '
            f'aria-live="polite" style="color:{colours[status]}">'
            f"{symbol} {html.escape(self._feedback_text)}</div>"
        )


def accessibility_script() -> widgets.Output:
    """A hidden output that runs :data:`A11Y_SCRIPT` on the exercise it is shown in."""
    output = widgets.Output(layout=widgets.Layout(display="none"))
    output.add_class("guarantees-a11y")
    output.outputs = (
        {
            "output_type": "display_data",
            "data": {"application/javascript": A11Y_SCRIPT, "text/plain": ""},
            "metadata": {},
        },
    )
    return output
