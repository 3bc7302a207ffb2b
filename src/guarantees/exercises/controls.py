"""Input controls shared by the exercise kinds: option lists, drop-down lists, labels, groups."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

WIDE = {"description_width": "initial"}


def checked_options(options: Any, kind: str) -> list[str]:
    """Options as a list of at least two distinct strings, or a clear error."""
    options = list(options)
    if len(options) < 2 or not all(isinstance(option, str) and option for option in options):
        raise ValueError(f"a {kind} question needs at least two options, each a non-empty string")
    if len(set(options)) != len(options):
        raise ValueError(f"the options of a {kind} question must all differ")
    return options


def choice_group(widget: widgets.Widget) -> widgets.Widget:
    """Mark radio buttons or check boxes as one group, named by the prompt in the browser."""
    widget.add_class("guarantees-choices")
    return widget


def labelled(widget: widgets.Widget, label: str) -> widgets.Widget:
    """Give a widget an accessible name (its description) and a matching tooltip."""
    widget.description = label
    widget.tooltip = label
    widget.style = WIDE
    return widget


def choice_list(choices: list[str], label: str) -> widgets.Dropdown:
    """A labelled drop-down list that starts on "— choose —" (value ``None``)."""
    options = [("— choose —", None), *((choice, choice) for choice in choices)]
    return labelled(widgets.Dropdown(options=options, index=0, layout={"width": "auto"}), label)


def choose(dropdown: widgets.Dropdown, value: str | None) -> None:
    """Select ``value``, or "— choose —" for ``None``."""
    if value is None:
        dropdown.index = 0
    else:
        dropdown.value = value
