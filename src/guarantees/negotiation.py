"""The negotiation simulation of lesson 10: roles, issues, payoffs and the zone of agreement.

A *package* picks one option on each of six issues. Each role scores a package from 0 to 100
with its **private brief**: a weight per issue (the weights add up to 100) times the value it
puts on the option chosen (0 to 100), summed and divided by 100. A role **accepts** a package
when it crosses none of the role's red lines and scores at least the role's **alternative**
(what it expects without an agreement). A **zone of agreement** exists when every role accepts.
The guarantee issue offers lesson 7's four designs; their credibility comes from lesson 7's
model (:func:`guarantees.scenarios.assess`).

Everything in the private briefs is a *teaching assumption* of the course, not a fact about any
government; the public briefs are the attributed, dated positions of ``negotiation_positions``.

>>> package = Package(
...     "freeze on the current front line", "Article-5-like", "phased relief with snap-back",
...     "no NATO, EU membership path open", "settlement first, guarantor monitoring",
...     "claims commission, tribunal deferred")
>>> payoff("Ukraine", package) >= 0 and payoff("Russia", package) <= 100
True
>>> red_lines_crossed("Russia", package)
[]
>>> respond("Russia", package).counter is not None   # below its alternative, it moves
True
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

import pandas as pd

from guarantees.scenarios import FORMS, GUARANTORS, TRIGGERS, TROOPS, Scenario, assess

NOTEBOOK = "10_negotiation_simulation"
"""The lesson whose answers files hold the teams' moves."""
ANSWER_KIND = "negotiation"
"""The kind under which a move is saved in the answers file."""


def _pick(choices: tuple[str, ...], words: str) -> str:
    """The option of lesson 7's model that contains ``words``."""
    return next(choice for choice in choices if words.lower() in choice.lower())


DESIGNS: dict[str, Scenario] = {
    "Budapest-like": Scenario(
        _pick(GUARANTORS, "Russia included"), TROOPS[0], TRIGGERS[0], FORMS[0]
    ),
    "Istanbul-like": Scenario(
        _pick(GUARANTORS, "Russia included"), TROOPS[0], _pick(TRIGGERS, "automatic"), FORMS[-1]
    ),
    "Article-5-like": Scenario(
        _pick(GUARANTORS, "United States and"), TROOPS[0], _pick(TRIGGERS, "automatic"), FORMS[-1]
    ),
    "Coalition force": Scenario(
        _pick(GUARANTORS, "European coalition"), _pick(TROOPS, "tripwire"), TRIGGERS[0], FORMS[0]
    ),
}
"""Lesson 7's four designs (same choices and reasons as in section 4 of that lesson)."""

ISSUES: dict[str, tuple[str, ...]] = {
    "territory": (
        "freeze on the current front line",
        "Ukraine leaves the rest of Donetsk and Luhansk",
        "Ukraine leaves all four claimed oblasts",
    ),
    "guarantee": tuple(DESIGNS),
    "sanctions": (
        "sanctions stay, frozen assets held",
        "phased relief with snap-back",
        "sanctions lifted at signing, assets returned",
    ),
    "alignment": (
        "NATO path kept open",
        "no NATO, EU membership path open",
        "neutral: no NATO, no EU membership",
    ),
    "sequencing": (
        "ceasefire first, international monitors",
        "settlement first, guarantor monitoring",
        "settlement first, no outside monitors",
    ),
    "accountability": (
        "tribunal and reparations",
        "claims commission, tribunal deferred",
        "general amnesty",
    ),
}
"""The six issues and the few options on each (issue names as in ``negotiation_positions``)."""

ISSUE_TITLES = {
    "territory": "Ceasefire line and territory",
    "guarantee": "Guarantee design (lesson 7)",
    "sanctions": "Sanctions and frozen assets",
    "alignment": "NATO/EU path and neutrality",
    "sequencing": "Sequencing and verification",
    "accountability": "Accountability",
}


@dataclass(frozen=True)
class Package:
    """One option on each of the six issues."""

    territory: str
    guarantee: str
    sanctions: str
    alignment: str
    sequencing: str
    accountability: str

    def __post_init__(self) -> None:
        for issue, option in asdict(self).items():
            if option not in ISSUES[issue]:
                raise ValueError(f"{issue} must be one of {list(ISSUES[issue])}, not {option!r}")

    @property
    def design(self) -> Scenario:
        """The agreed guarantee as a lesson 7 scenario."""
        return DESIGNS[self.guarantee]

    @property
    def credibility(self) -> int:
        """Credibility of the agreed guarantee in lesson 7's model (0 to 100)."""
        return assess(self.design).credibility


@dataclass(frozen=True)
class RedLine:
    """An option a role will not sign, and why (a teaching assumption)."""

    issue: str
    option: str
    reason: str


@dataclass(frozen=True)
class Role:
    """A role's private brief: teaching assumptions, not facts about a government."""

    name: str
    weights: dict[str, int]
    values: dict[str, dict[str, int]]
    red_lines: tuple[RedLine, ...]
    alternative: int
    alternative_reason: str
    ratification: str


def _values(*rows: tuple[int, ...]) -> dict[str, dict[str, int]]:
    """Values in issue order, one number per option in ``ISSUES`` order."""
    return {
        issue: dict(zip(options, row, strict=True))
        for (issue, options), row in zip(ISSUES.items(), rows, strict=True)
    }


UKRAINE_VALUES_CREDIBILITY = tuple(assess(design).credibility for design in DESIGNS.values())
"""Ukraine values a guarantee at its credibility in lesson 7's model."""
MINIMUM_CREDIBILITY = 30
"""Below this credibility, Ukraine treats a guarantee as another Budapest Memorandum."""

ROLES: dict[str, Role] = {
    role.name: role
    for role in (
        Role(
            "Ukraine",
            dict(
                territory=30,
                guarantee=30,
                sanctions=10,
                alignment=15,
                sequencing=5,
                accountability=10,
            ),
            _values(
                (100, 40, 0),
                UKRAINE_VALUES_CREDIBILITY,
                (100, 50, 0),
                (100, 70, 10),
                (90, 70, 20),
                (100, 50, 0),
            ),
            (
                RedLine(
                    "territory",
                    ISSUES["territory"][2],
                    "Leaving areas it holds (P11: a freeze on the current line is 'fairest').",
                ),
                *(
                    RedLine(
                        "guarantee",
                        name,
                        f"Credibility below {MINIMUM_CREDIBILITY} in lesson 7's model: "
                        "'No more Budapest Memorandums' (P13).",
                    )
                    for name, design in DESIGNS.items()
                    if assess(design).credibility < MINIMUM_CREDIBILITY
                ),
            ),
            45,
            "Fight on with European aid: costly, but it keeps every option open.",
            "Assume any change of borders must be approved by referendum.",
        ),
        Role(
            "Russia",
            dict(
                territory=35,
                guarantee=15,
                sanctions=15,
                alignment=25,
                sequencing=5,
                accountability=5,
            ),
            _values(
                (0, 60, 100),
                (100, 85, 45, 45),
                (0, 60, 100),
                (0, 40, 100),
                (10, 60, 100),
                (0, 30, 100),
            ),
            (
                RedLine(
                    "alignment", ISSUES["alignment"][0], "NATO membership must be renounced (P02)."
                ),
                *(
                    RedLine(
                        "guarantee",
                        name,
                        "Foreign military contingents in Ukraine: 'Definitely not' (P07).",
                    )
                    for name, design in DESIGNS.items()
                    if design.troops != TROOPS[0]
                ),
            ),
            50,
            "Fight on: it believes time is on its side.",
            "Assume the leadership needs no ratification, but must present any deal as a gain.",
        ),
        Role(
            "United States",
            dict(
                territory=15,
                guarantee=20,
                sanctions=25,
                alignment=10,
                sequencing=25,
                accountability=5,
            ),
            _values(
                (50, 80, 30),
                (70, 60, 55, 60),
                (40, 80, 60),
                (30, 80, 60),
                (40, 100, 60),
                (30, 60, 80),
            ),
            (),
            45,
            "Step back from the war and its costs, at a price in standing with its allies.",
            "Assume a binding treaty needs a Senate vote the administration may not win.",
        ),
        Role(
            "UK/France-led coalition",
            dict(
                territory=15,
                guarantee=35,
                sanctions=15,
                alignment=15,
                sequencing=10,
                accountability=10,
            ),
            _values(
                (90, 40, 10),
                (40, 50, 60, 50),
                (100, 50, 0),
                (80, 70, 20),
                (100, 60, 10),
                (80, 70, 20),
            ),
            (
                RedLine(
                    "sanctions",
                    ISSUES["sanctions"][2],
                    "Economic pressure on Russia is to rise, not end (P23).",
                ),
            ),
            50,
            "Keep arming Ukraine without U.S. support for a deal.",
            "Assume a deployment abroad needs votes in national parliaments.",
        ),
        Role(
            "Germany/EU",
            dict(
                territory=15,
                guarantee=25,
                sanctions=25,
                alignment=15,
                sequencing=10,
                accountability=10,
            ),
            _values(
                (90, 40, 10),
                (50, 50, 60, 50),
                (90, 60, 10),
                (70, 90, 0),
                (90, 70, 20),
                (90, 60, 20),
            ),
            (
                RedLine(
                    "alignment",
                    ISSUES["alignment"][2],
                    "Closing Ukraine's EU path (the course's assumption); the nearest stated "
                    "position is NATO's: with all allies, Germany called Ukraine's path to NATO "
                    "membership 'irreversible' (P28).",
                ),
            ),
            50,
            "Keep sanctions and aid; bear the cost without a settlement.",
            "Assume lifting EU sanctions needs all 27 member states to agree.",
        ),
        Role(
            "Türkiye",
            dict(
                territory=15,
                guarantee=20,
                sanctions=20,
                alignment=15,
                sequencing=25,
                accountability=5,
            ),
            _values(
                (70, 60, 30),
                (80, 70, 50, 50),
                (30, 70, 90),
                (50, 80, 50),
                (100, 60, 40),
                (50, 70, 60),
            ),
            (),
            50,
            "Stay the host of talks and trade with both sides.",
            "Assume a guarantor role needs the approval of its parliament.",
        ),
        Role(
            "China",
            dict(
                territory=15,
                guarantee=10,
                sanctions=30,
                alignment=25,
                sequencing=5,
                accountability=15,
            ),
            _values(
                (40, 70, 80),
                (100, 80, 45, 45),
                (10, 60, 100),
                (0, 50, 100),
                (50, 60, 80),
                (10, 50, 90),
            ),
            (),
            45,
            "Keep trading with Russia and stay out of any guarantee.",
            "Assume no ratification is needed; it avoids commitments outside the UN.",
        ),
    )
}
"""The seven roles' private briefs (weights add up to 100; values 0-100; teaching assumptions)."""


def payoff(role: str, package: Package) -> float:
    """A role's score for a package: the sum of weight x value over the issues, divided by 100.

    >>> p = Package(*(options[0] for options in ISSUES.values()))
    >>> round(payoff("Ukraine", p), 1) == round(
    ...     sum(w * ROLES["Ukraine"].values[i][getattr(p, i)] for i, w in
    ...         ROLES["Ukraine"].weights.items()) / 100, 1)
    True
    """
    brief = ROLES[role]
    chosen = asdict(package)
    return (
        sum(weight * brief.values[issue][chosen[issue]] for issue, weight in brief.weights.items())
        / 100
    )


def red_lines_crossed(role: str, package: Package) -> list[RedLine]:
    """The role's red lines that the package crosses."""
    chosen = asdict(package)
    return [line for line in ROLES[role].red_lines if chosen[line.issue] == line.option]


Alternatives = dict[str, float]
"""Alternatives to try instead of the briefs' own, by role (roles left out keep theirs)."""


def alternative(role: str, alternatives: Alternatives | None = None) -> float:
    """The role's alternative to agreement: its brief's, unless ``alternatives`` changes it."""
    return (alternatives or {}).get(role, ROLES[role].alternative)


def accepts(role: str, package: Package, alternatives: Alternatives | None = None) -> bool:
    """True when the package crosses none of the role's red lines and beats its alternative."""
    return not red_lines_crossed(role, package) and payoff(role, package) >= alternative(
        role, alternatives
    )


def zone_of_agreement(package: Package, alternatives: Alternatives | None = None) -> bool:
    """True when every role accepts the package."""
    return all(accepts(role, package, alternatives) for role in ROLES)


def all_packages() -> Iterator[Package]:
    """Every package the options allow (3 x 4 x 3 x 3 x 3 x 3 = 972)."""
    return (Package(*choice) for choice in itertools.product(*ISSUES.values()))


def agreeable_packages(alternatives: Alternatives | None = None) -> list[Package]:
    """The packages every role accepts: the zone of agreement, which may be empty.

    >>> len(agreeable_packages({"Russia": 40})) >= len(agreeable_packages())
    True
    """
    return [package for package in all_packages() if zone_of_agreement(package, alternatives)]


# -- self-study counterparts --------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    """A counterpart's answer to an offer."""

    role: str
    accepts: bool
    payoff: float
    counter: Package | None
    reason: str


def counter_offer(role: str, package: Package) -> Package:
    """The rule a self-study counterpart follows when it refuses an offer.

    Rule 1: if the offer crosses one of its red lines, it replaces the first such option with
    the option it values most on that issue. Rule 2: otherwise it changes the one issue where
    moving to its most valued option raises its payoff most (ties: the first issue in
    ``ISSUES`` order). Either way it moves one issue at a time, towards its stated position.
    """
    brief = ROLES[role]
    crossed = red_lines_crossed(role, package)
    if crossed:
        issue = crossed[0].issue
    else:
        gains = {
            issue: weight * (max(brief.values[issue].values()) - brief.values[issue][option])
            for issue, weight in brief.weights.items()
            for option in [getattr(package, issue)]
        }
        issue = max(gains, key=lambda name: (gains[name], -list(ISSUES).index(name)))
    best = max(ISSUES[issue], key=lambda option: brief.values[issue][option])
    return replace(package, **{issue: best})


def respond(role: str, package: Package) -> Response:
    """How a self-study counterpart answers an offer: it accepts exactly when :func:`accepts`
    holds, and otherwise makes the counter-offer of :func:`counter_offer`."""
    score = payoff(role, package)
    if accepts(role, package):
        return Response(
            role, True, score, None, "It crosses no red line and beats the alternative."
        )
    crossed = red_lines_crossed(role, package)
    reason = (
        f"Red line: {crossed[0].reason}"
        if crossed
        else f"Scores {score:.1f}, below its alternative of {ROLES[role].alternative}."
    )
    return Response(role, False, score, counter_offer(role, package), reason)


def responses(player: str, package: Package) -> list[Response]:
    """Every counterpart's answer to the player's offer."""
    return [respond(role, package) for role in ROLES if role != player]


# -- what is shown on screen -----------------------------------------------------------------


def private_brief(role: str) -> pd.DataFrame:
    """A role's private brief as a table: weight and value of every option, red lines marked."""
    brief = ROLES[role]
    lines = {(line.issue, line.option): line.reason for line in brief.red_lines}
    return pd.DataFrame(
        [
            {
                "issue": ISSUE_TITLES[issue],
                "weight": brief.weights[issue],
                "option": option,
                "value": value,
                "red line": lines.get((issue, option), ""),
            }
            for issue, values in brief.values.items()
            for option, value in values.items()
        ]
    )


def private_brief_html(role: str) -> str:
    """The private brief on screen, labelled as the course's teaching assumptions."""
    brief = ROLES[role]
    return (
        f"<p><b>Private brief of {html.escape(role)}</b> (the course's teaching assumptions, "
        "not facts about any government). "
        f"<b>Alternative to agreement:</b> {brief.alternative} of 100: "
        f"{html.escape(brief.alternative_reason)} "
        f"<b>Ratification:</b> {html.escape(brief.ratification)}</p>"
        + private_brief(role).to_html(index=False)
    )


def public_brief(role: str, positions: pd.DataFrame) -> pd.DataFrame:
    """The role's attributed, dated positions from the ``negotiation_positions`` table."""
    columns = [
        "position_id",
        "issue",
        "position",
        "date",
        "speaker",
        "basis",
        "source",
        "source_kind",
    ]
    return positions.loc[positions["role"] == role, columns].reset_index(drop=True)


def verdict(package: Package) -> pd.DataFrame:
    """Every role's payoff, alternative, red lines crossed and answer for one package."""
    return pd.DataFrame(
        [
            {
                "role": role,
                "payoff": round(payoff(role, package), 1),
                "alternative": brief.alternative,
                "red lines crossed": "; ".join(
                    line.reason for line in red_lines_crossed(role, package)
                ),
                "accepts": accepts(role, package),
            }
            for role, brief in ROLES.items()
        ]
    )


ASSUMPTIONS_NOTE = (
    "Assumptions (the course's, not facts): each payoff is the sum of weight × value over the six "
    "issues, divided by 100; weights and values come from the role's private brief. A role "
    "accepts a package that crosses none of its red lines and scores at least its alternative. "
    "Credibility is lesson 7's teaching model, not a forecast."
)


def verdict_html(package: Package) -> str:
    """The verdict as HTML, with the zone of agreement, the guarantee's credibility and the
    assumptions written out."""
    zone = zone_of_agreement(package)
    design = package.design
    return (
        verdict(package).to_html(index=False)
        + f"<p><b>Zone of agreement:</b> {'yes: every role accepts' if zone else 'no'}.<br>"
        + f"<b>Guarantee:</b> {html.escape(package.guarantee)} ({html.escape(design.guarantor)}; "
        + f"troops {html.escape(design.troops)}; {html.escape(design.trigger)}; "
        + f"{html.escape(design.form)}): credibility {package.credibility} of 100.</p>"
        + f"<p><i>{html.escape(ASSUMPTIONS_NOTE)}</i></p>"
    )


# -- class mode: the instructor's view of the teams' saved moves -----------------------------


def move_id(round_number: int, move: int) -> str:
    """The answers-file id of a team's ``move``-th move (1, 2, ...) in a round."""
    return f"negotiation-round-{round_number:02d}-move-{move:02d}"


def gather(paths: Iterable[str | Path]) -> pd.DataFrame:
    """The moves saved in the teams' answers files: one row per team and round.

    Each path is a team's folder (holding ``10_negotiation_simulation.answers.json``) or the
    answers file itself; the team is named after the folder. Files are only read.
    """
    from guarantees.answers import AnswerStore
    from guarantees.layout import ANSWERS_SUFFIX

    rows = []
    for path in map(Path, paths):
        file = path / f"{NOTEBOOK}{ANSWERS_SUFFIX}" if path.is_dir() else path
        store = AnswerStore(file, NOTEBOOK, read_only=True)
        for question_id, saved in store.load().items():
            if saved.kind != ANSWER_KIND or not isinstance(saved.value, dict):
                continue
            move = saved.value
            rows.append(
                {
                    "team": file.parent.name,
                    "role": move.get("role"),
                    "round": move.get("round"),
                    "action": move.get("action"),
                    "move": question_id,
                    "saved_at": saved.saved_at,
                    **dict(move.get("package") or {}),
                }
            )
    columns = ["team", "role", "round", "action", "move", "saved_at", *ISSUES]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["round", "team", "move"], ignore_index=True)


def state_of_play(moves: pd.DataFrame) -> pd.DataFrame:
    """For each offer made, who accepted or rejected that same package in that round, and the
    model's verdict: its payoff spread and whether a zone of agreement holds."""
    rows = []
    for _, offer in moves[moves["action"] == "offer"].iterrows():
        package = Package(*(offer[issue] for issue in ISSUES))
        answers = moves[
            (moves["round"] == offer["round"])
            & (moves["action"] != "offer")
            & (moves[list(ISSUES)] == offer[list(ISSUES)]).all(axis=1)
        ]
        rows.append(
            {
                "round": offer["round"],
                "offer by": offer["role"],
                "accepted by": ", ".join(answers.loc[answers["action"] == "accept", "role"]),
                "rejected by": ", ".join(answers.loc[answers["action"] == "reject", "role"]),
                "model: roles accepting": sum(accepts(role, package) for role in ROLES),
                "zone of agreement": zone_of_agreement(package),
                "credibility": package.credibility,
                **asdict(package),
            }
        )
    return pd.DataFrame(rows)


def package_from(values: dict[str, Any]) -> Package:
    """A package from a saved move's ``package`` object."""
    return Package(**{field.name: values[field.name] for field in fields(Package)})
