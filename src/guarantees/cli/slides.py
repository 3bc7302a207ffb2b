"""``guarantees slides``: the lessons as reveal.js slide decks, for teaching in the room."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register ``slides`` and its arguments."""
    verb = verbs.add_parser(
        "slides",
        help="the lessons as reveal.js slide decks (HTML)",
        description="Write one slide deck per lesson notebook (lessons/<lesson>.ipynb), with a "
        "slide per heading, using nbconvert's slides exporter. docs/seminar/README.md explains "
        "how to use them, offline too.",
    )
    verb.add_argument("output", type=Path, help="folder to write the decks to")
    verb.add_argument("lessons", nargs="*", help="lesson names (default: every lesson)")
    verb.add_argument(
        "--reveal-prefix",
        default=None,
        help="where the decks load reveal.js from (default: nbconvert's CDN); e.g. 'reveal.js' "
        "for a copy next to the decks",
    )
    verb.set_defaults(func=main)


def main(*, output: Path, lessons: list[str], reveal_prefix: str | None) -> int:
    """Write the slide decks of ``lessons`` (all when empty) to ``output``."""
    from guarantees.layout import Layout
    from guarantees.slides import write_slides

    folder = Layout.of(Path.cwd()).lessons
    notebooks = [folder / f"{name}.ipynb" for name in lessons] or sorted(folder.glob("*.ipynb"))
    missing = [path.name for path in notebooks if not path.is_file()]
    if missing:
        raise ValueError(f"no lesson notebook {', '.join(missing)} in {folder}")
    for deck in write_slides(notebooks, output, reveal_prefix):
        print(f"Written: {deck}")
    return 0
