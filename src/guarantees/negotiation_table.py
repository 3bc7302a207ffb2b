"""The negotiating table of lesson 10: widgets for a team to make and answer offers.

Each move is saved at once in the lesson's answers file, under
``negotiation-round-<nn>-move-<mm>``, as ``{"role", "round", "action", "mode", "package"}``
(``action`` is ``offer``, ``accept`` or
``reject``). In **self-study** mode the other roles answer an offer by the documented rules of
:func:`guarantees.negotiation.respond`; in **class** mode the other teams answer, and the
instructor reads every team's file with :func:`guarantees.negotiation.gather`.

>>> import tempfile
>>> from pathlib import Path
>>> from guarantees.answers import AnswerStore
>>> folder = Path(tempfile.mkdtemp())
>>> table = NegotiationTable(AnswerStore(folder / "t.answers.json", "t"), role="Russia")
>>> answers = table.offer()
>>> len(answers), table.round.value
(6, 2)
"""

from __future__ import annotations

import html
from dataclasses import asdict

import ipywidgets as widgets

from guarantees.answers import AnswerStore
from guarantees.negotiation import (
    ANSWER_KIND,
    ISSUE_TITLES,
    ISSUES,
    ROLES,
    Package,
    Response,
    move_id,
    responses,
    verdict_html,
)

MODES = ("self-study", "class")
WIDE = {"description_width": "initial"}


class NegotiationTable:
    """A role picker, one drop-down per issue, and buttons to offer, accept or reject."""

    def __init__(self, store: AnswerStore, role: str = "Ukraine", mode: str = "self-study") -> None:
        self.store = store
        self.role = widgets.Dropdown(
            options=list(ROLES), value=role, description="Your role:", style=WIDE
        )
        self.mode = widgets.ToggleButtons(options=MODES, value=mode, description="Mode:")
        self.round = widgets.BoundedIntText(
            value=self._next_round(), min=1, max=99, description="Round:", style=WIDE
        )
        self.pickers = {
            issue: widgets.Dropdown(
                options=options,
                description=f"{ISSUE_TITLES[issue]}:",
                style=WIDE,
                layout={"width": "auto"},
            )
            for issue, options in ISSUES.items()
        }
        self.offer_button = widgets.Button(description="Make this offer", button_style="primary")
        self.accept_button = widgets.Button(description="Accept this package")
        self.reject_button = widgets.Button(description="Reject this package")
        self.result = widgets.HTML()
        self.offer_button.on_click(lambda _: self.offer())
        self.accept_button.on_click(lambda _: self.answer(accept=True))
        self.reject_button.on_click(lambda _: self.answer(accept=False))
        self.last_responses: list[Response] = []

    @property
    def package(self) -> Package:
        """The package the drop-downs show."""
        return Package(**{issue: picker.value for issue, picker in self.pickers.items()})

    def show(self, package: Package) -> None:
        """Put a package on the table (e.g. a counter-offer, or another team's offer)."""
        for issue, option in asdict(package).items():
            self.pickers[issue].value = option

    def offer(self) -> list[Response]:
        """Save the package as this round's offer; in self-study mode the other roles answer
        at once (their answers are returned) and the round moves on."""
        package = self._save("offer")
        self.last_responses = responses(self.role.value, package) if self._self_study else []
        self.result.value = self._report(package, "You offered this package.")
        if self._self_study:
            self.round.value += 1
        return self.last_responses

    def answer(self, accept: bool) -> None:
        """Save this team's answer (accept or reject) to the package on the table."""
        package = self._save("accept" if accept else "reject")
        said = "accepted" if accept else "rejected"
        self.result.value = self._report(
            package, f"You {said} this package in round {self.round.value}."
        )

    @property
    def widget(self) -> widgets.VBox:
        """Everything, in one box."""
        buttons = widgets.HBox([self.offer_button, self.accept_button, self.reject_button])
        return widgets.VBox(
            [self.role, self.mode, self.round, *self.pickers.values(), buttons, self.result]
        )

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    @property
    def _self_study(self) -> bool:
        return self.mode.value == "self-study"

    def _save(self, action: str) -> Package:
        package = self.package
        move = {
            "role": self.role.value,
            "round": self.round.value,
            "action": action,
            "mode": self.mode.value,
            "package": asdict(package),
        }
        saved = self.store.load()
        number = next(n for n in range(1, 100) if move_id(self.round.value, n) not in saved)
        self.store.save(move_id(self.round.value, number), ANSWER_KIND, move)
        return package

    def _next_round(self) -> int:
        rounds = [
            int(saved.value["round"])
            for saved in self.store.load().values()
            if saved.kind == ANSWER_KIND
            and isinstance(saved.value, dict)
            and isinstance(saved.value.get("round"), int)
        ]
        return max(rounds, default=0) + 1

    def _report(self, package: Package, headline: str) -> str:
        lines = [
            f'<div role="status" aria-live="polite"><b>{html.escape(headline)}</b> Saved '
            f"in {html.escape(self.store.path.name)}.</div>"
        ]
        for response in self.last_responses if self._self_study else []:
            answer = "accepts" if response.accepts else "refuses"
            text = f"{response.role} {answer} (payoff {response.payoff:.1f}). {response.reason}"
            if response.counter is not None:
                changed = [
                    f"{ISSUE_TITLES[issue]}: {option}"
                    for issue, option in asdict(response.counter).items()
                    if option != getattr(package, issue)
                ]
                text += f" Counter-offer: {'; '.join(changed)}."
            lines.append(f"<li>{html.escape(text)}</li>")
        if len(lines) > 1:
            lines[1:] = ["<ul>", *lines[1:], "</ul>"]
        return "".join(lines) + verdict_html(package)


def negotiation_table(role: str = "Ukraine", mode: str = "self-study") -> NegotiationTable:
    """The table for the lesson that is open in this kernel, saving into its answers file."""
    from guarantees.worksheets import current_worksheet

    return NegotiationTable(current_worksheet().store, role=role, mode=mode)
