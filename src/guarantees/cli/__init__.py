"""The ``guarantees`` command: one module per verb, as ``guarantees.cli.<verb>``.

Each verb module has ``add_parser(verbs)``, which registers its sub-parser with
``set_defaults(func=main)``, and a keyword-only ``main(*, ...) -> int`` whose keywords are the
sub-parser's destinations. A verb module imports the library it drives only when it runs, so
``guarantees --help`` stays quick. Adding a verb: write its module, add it to ``VERBS``.
"""

from __future__ import annotations

import argparse
import sys

from guarantees.cli import bank, build, check, collect, export, grade, report, slides, start

VERBS = (start, build, check, bank, collect, grade, report, export, slides)
"""The verb modules, in the order ``guarantees --help`` lists them."""

GUIDES = (
    "Guides, in the course repository: docs/instructor-guide.md (teach and grade the course), "
    "docs/authoring-guide.md (write exercises, assignments and datasets), "
    "docs/student-guide.md (open, answer, submit, read feedback)."
)


def parser() -> argparse.ArgumentParser:
    """The top parser, with one sub-parser per verb module."""
    top = argparse.ArgumentParser(
        prog="guarantees",
        description="Tools for the guarantees course. Run instructor verbs from the course root.",
        epilog=GUIDES,
    )
    verbs = top.add_subparsers(dest="verb", required=True)
    for verb in VERBS:
        verb.add_parser(verbs)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run one verb. Arguments after ``--`` go to a verb that takes them (``passed_on``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    passed_on: list[str] = []
    if "--" in argv:
        argv, passed_on = argv[: argv.index("--")], argv[argv.index("--") + 1 :]
    keywords = vars(parser().parse_args(argv))
    verb, run = keywords.pop("verb"), keywords.pop("func")
    if "passed_on" in keywords:
        keywords["passed_on"] = passed_on
    try:
        return run(**keywords)
    except (OSError, ValueError) as error:
        print(f"guarantees {verb}: {error}", file=sys.stderr)
        return 2
