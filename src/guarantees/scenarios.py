"""A scenario explorer for designing a security guarantee: a *teaching model*, not a forecast.

A scenario picks four design choices. The model turns them into three scores from 0 to 100 by
adding up stated weights (the table ``ASSUMPTIONS``), so every number can be traced to an
assumption a student can read, question and change:

- **credibility**: how likely an attacker is to believe the guarantee would be honoured;
- **entrapment risk**: how likely the guarantors are to be drawn into a war they would rather
  avoid (Snyder's alliance security dilemma);
- **rejection risk**: how likely Russia is to reject the design, given its stated positions.

The weights are simple, documented judgements drawn from the theories taught in the course
(costly signals and tripwires after Schelling; treaty versus political commitment), not
estimates from data. Abandonment risk, the other horn of Snyder's dilemma, is read as the
complement of credibility.

>>> base = Scenario("European coalition", "none", "consultative", "political declaration")
>>> stronger = Scenario("European coalition", "tripwire", "automatic", "binding treaty")
>>> assess(stronger).credibility > assess(base).credibility
True
>>> assess(stronger).entrapment_risk > assess(base).entrapment_risk
True
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets

GUARANTORS = (
    "No outside guarantor (Ukraine's own forces and arms)",
    "European coalition",
    "United States",
    "United States and European coalition",
    "UN Security Council permanent members, Russia included",
)
TROOPS = ("none", "tripwire", "substantial")
TRIGGERS = ("consultative", "automatic")
FORMS = ("political declaration", "binding treaty")


@dataclass(frozen=True)
class Weight:
    """One assumption: a choice, what it adds to each score, and why."""

    choice: str
    credibility: int
    entrapment: int
    rejection: int
    reason: str


ASSUMPTIONS: dict[str, tuple[Weight, ...]] = {
    "guarantor": (
        Weight(
            GUARANTORS[0],
            5,
            0,
            10,
            "No one else promises anything; deterrence rests on Ukraine's own strength. Russia "
            "objects to that too: it demands limits on Ukraine's armed forces (Putin, 14 June "
            "2024).",
        ),
        Weight(
            GUARANTORS[1],
            20,
            15,
            30,
            "Starmer said Europe must 'do the heavy lifting' (2 March 2025); "
            "Russia said guarantees discussed without it lead nowhere (Lavrov, 20 August 2025).",
        ),
        Weight(
            GUARANTORS[2],
            30,
            20,
            30,
            "The largest military power; in August 2025 Trump ruled out U.S. ground troops "
            "but mentioned air support.",
        ),
        Weight(
            GUARANTORS[3],
            35,
            25,
            40,
            "Both together: more capability, and more states that could be drawn in.",
        ),
        Weight(
            GUARANTORS[4],
            5,
            5,
            0,
            "Low credibility: the state most likely to attack would be a guarantor, and could "
            "veto Security Council action against itself. Lavrov proposed guarantees by the five "
            "permanent members 'on an equal basis' (August 2025); Kyiv had rejected the 2022 "
            "draft of this kind because it would give Moscow an effective veto.",
        ),
    ),
    "troops": (
        Weight("none", 0, 0, 0, "No forces on the ground: nothing ties the guarantor's hands."),
        Weight(
            "tripwire",
            20,
            20,
            25,
            "A small presence raises the cost of staying out (Schelling's tripwire); Reiter and "
            "Poast argue small forces deter only if they change the local balance. Russia "
            "rejected foreign contingents (Peskov, 5 September 2025).",
        ),
        Weight(
            "substantial",
            30,
            30,
            35,
            "Forces able to fight change the local balance as well as the guarantor's stakes.",
        ),
    ),
    "trigger": (
        Weight(
            "consultative",
            0,
            0,
            0,
            "Guarantors only consult when a threat arises; no assistance is promised in "
            "advance (the Budapest Memorandum's paragraph 6 provides for consultations).",
        ),
        Weight(
            "automatic",
            20,
            20,
            10,
            "Assistance follows an attack by commitment, leaving less room to back out.",
        ),
    ),
    "form": (
        Weight("political declaration", 0, 0, 0, "A political commitment, not ratified."),
        Weight(
            "binding treaty",
            10,
            5,
            5,
            "A ratified treaty raises the domestic and legal cost of not acting.",
        ),
    ),
}


@dataclass(frozen=True)
class Scenario:
    """Four design choices for a guarantee."""

    guarantor: str
    troops: str
    trigger: str
    form: str

    def __post_init__(self) -> None:
        for part, value in vars(self).items():
            choices = [weight.choice for weight in ASSUMPTIONS[part]]
            if value not in choices:
                raise ValueError(f"{part} must be one of {choices}, not {value!r}")


@dataclass(frozen=True)
class Assessment:
    """The model's three scores for one scenario, from 0 to 100."""

    credibility: int
    entrapment_risk: int
    rejection_risk: int

    @property
    def abandonment_risk(self) -> int:
        """Read as the complement of credibility: the fear of being left alone."""
        return 100 - self.credibility


def _weight(part: str, choice: str) -> Weight:
    return next(weight for weight in ASSUMPTIONS[part] if weight.choice == choice)


def assess(scenario: Scenario) -> Assessment:
    """Add up the stated weights of a scenario's four choices (each score capped at 100)."""
    chosen = [_weight(part, value) for part, value in vars(scenario).items()]
    return Assessment(
        credibility=min(100, sum(w.credibility for w in chosen)),
        entrapment_risk=min(100, sum(w.entrapment for w in chosen)),
        rejection_risk=min(100, sum(w.rejection for w in chosen)),
    )


def assumptions_table() -> str:
    """The weights as an HTML table, so every score can be traced to its assumption."""
    rows = [
        f"<tr><td>{part}</td><td>{html.escape(w.choice)}</td><td>{w.credibility}</td>"
        f"<td>{w.entrapment}</td><td>{w.rejection}</td><td>{html.escape(w.reason)}</td></tr>"
        for part, weights in ASSUMPTIONS.items()
        for w in weights
    ]
    return (
        "<table><thead><tr><th>Choice</th><th>Option</th><th>Credibility</th>"
        "<th>Entrapment</th><th>Rejection</th><th>Why (assumption)</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def scenario_explorer() -> widgets.VBox:
    """Drop-downs for the four choices and bars that show the model's scores as they change."""
    pickers = {
        part: widgets.Dropdown(
            options=[weight.choice for weight in weights],
            description=part.capitalize() + ":",
            style={"description_width": "initial"},
            layout={"width": "auto"},
        )
        for part, weights in ASSUMPTIONS.items()
    }
    bars = {
        name: widgets.IntProgress(
            min=0, max=100, description=label, style={"description_width": "initial"}
        )
        for name, label in (
            ("credibility", "Credibility:"),
            ("entrapment_risk", "Entrapment risk:"),
            ("rejection_risk", "Rejection risk:"),
            ("abandonment_risk", "Abandonment risk:"),
        )
    }
    summary = widgets.HTML()

    def update(*_: object) -> None:
        result = assess(Scenario(**{part: picker.value for part, picker in pickers.items()}))
        for name, bar in bars.items():
            bar.value = getattr(result, name)
        summary.value = (
            f'<div role="status" aria-live="polite">Credibility {result.credibility}, '
            f"entrapment risk {result.entrapment_risk}, rejection risk "
            f"{result.rejection_risk}, abandonment risk {result.abandonment_risk} "
            "(out of 100; an illustrative model, not a forecast).</div>"
        )

    for picker in pickers.values():
        picker.observe(update, names="value")
    update()
    return widgets.VBox([*pickers.values(), *bars.values(), summary])
