"""Grading: what hidden tests call, and the instructor's answer keys."""

from guarantees.grading.answer_keys import read_answer_key
from guarantees.grading.hidden_tests import award_points
from guarantees.scoring import KeyEntry

__all__ = ["KeyEntry", "award_points", "read_answer_key"]
