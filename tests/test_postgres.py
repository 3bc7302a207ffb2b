"""A PostgreSQL gradebook (deploy/postgresql.md): a real server from Debian's package,
`guarantees grade --workers 2` against it gives the same results as with SQLite, and the
server holds them; nbgrader's own commands and the documented SQLite copy work against it."""

from __future__ import annotations

import csv
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from grade.synthetic_class import ASSIGNMENT, build_class
from helpers import REPO, guarantees, make_course, nbgrader
from nbgrader.api import Gradebook
from postgres_server import PostgresServer, missing_piece, postgres_server, process_alive

from guarantees.layout import nbgrader_environment

pytestmark = [pytest.mark.postgres, pytest.mark.pipeline]
GUIDE = REPO / "deploy" / "postgresql.md"
ROLE = "grader"
MANUAL_CELL = "a0-correction-note"  # the written answer, graded by hand


def _require_postgres() -> None:
    """Skip where PostgreSQL cannot be had; in CI (CI=true) that is a failure, never a skip."""
    reason = missing_piece()
    if reason is None:
        return
    message = f"{reason}; `make test` installs it when run as root"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class Postgres:
    """A running server, a login role whose password is only in a pgpass file, and URLs."""

    def __init__(self, server: PostgresServer) -> None:
        self.server = server

    def create_database(self, name: str) -> str:
        """A new database owned by the role; its nbgrader ``db_url`` (without a password)."""
        self.server.run(
            "createdb", "-h", str(self.server.folder), "-p", str(self.server.port),
            "-U", self.server.superuser, "--owner", ROLE, name,
        )  # fmt: skip
        return f"postgresql+psycopg://{ROLE}@127.0.0.1:{self.server.port}/{name}"


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    """A fresh server for this module; the role's password reaches libpq through PGPASSFILE,
    as an instructor's ~/.pgpass would (deploy/postgresql.md)."""
    _require_postgres()
    password = secrets.token_urlsafe(18)
    with postgres_server() as server, pytest.MonkeyPatch.context() as patch:
        server.sql(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{password}'")
        pgpass = tmp_path_factory.mktemp("pgpass") / "pgpass"
        pgpass.write_text(f"127.0.0.1:{server.port}:*:{ROLE}:{password}\n")
        pgpass.chmod(0o600)  # libpq ignores a pgpass file others can read
        patch.setenv("PGPASSFILE", str(pgpass))
        yield Postgres(server)


def use_gradebook(course: Path, db_url: str) -> None:
    """Point a course at a server gradebook, as an instructor does: one line in its config."""
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write(
            "\n# The gradebook is in PostgreSQL (deploy/postgresql.md); the password is in "
            f'~/.pgpass.\nc.CourseDirectory.db_url = "{db_url}"\n'
        )


def grade(course: Path) -> tuple[subprocess.CompletedProcess, dict[str, dict] | None]:
    """Run `guarantees grade --workers 2`; its result and grades.csv by student (None: none)."""
    arguments = ["--workers", "2", "--cell-timeout", "5"]
    result = guarantees("grade", ASSIGNMENT, *arguments, cwd=course, timeout=900)
    grades = course / "reports" / ASSIGNMENT / "grades.csv"
    if not grades.exists():
        return result, None
    with open(grades, encoding="utf-8") as file:
        return result, {row["student_id"]: row for row in csv.DictReader(file)}


def rows_of(run: tuple[subprocess.CompletedProcess, dict | None], label: str) -> dict[str, dict]:
    result, rows = run
    assert rows is not None, (
        f"guarantees grade against {label} wrote no grades.csv (exit {result.returncode}):\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return rows


def scores_in(url: str) -> dict[str, float]:
    """Every student's total for the assignment, as a gradebook holds it."""
    with Gradebook(url) as gradebook:
        return {s.student_id: s.score for s in gradebook.find_assignment(ASSIGNMENT).submissions}


def graded_scores(expected: dict[str, dict]) -> dict[str, float]:
    """What each student nbgrader can grade scores, known from how the class was built."""
    return {s: float(want["score"]) for s, want in expected.items() if want["status"] == "graded"}


@pytest.fixture(scope="module")
def graded(postgres, tmp_path_factory):
    """The synthetic class graded twice: in a course with a PostgreSQL gradebook and in a copy
    with the default SQLite one."""
    url = postgres.create_database("guarantees_gradebook")
    graded = {"url": url}
    for label in ("postgres", "sqlite"):
        course = make_course(tmp_path_factory.mktemp(label) / "course")
        if label == "postgres":
            use_gradebook(course, url)
        nbgrader("generate_assignment", ASSIGNMENT, cwd=course, exchange=course / "exchange")
        graded["expected"] = build_class(course)
        graded[label] = {"course": course, "run": grade(course)}
    return graded


def test_the_server_is_stopped_and_removed_even_when_the_test_fails():
    _require_postgres()
    with pytest.raises(RuntimeError, match="the test failed"), postgres_server() as server:
        pid = server.pid()
        assert pid is not None and process_alive(pid)
        assert server.sql("SELECT 1").strip() == "1"
        raise RuntimeError("the test failed")
    assert not process_alive(pid)
    assert not server.folder.exists()


def test_nbgrader_autogrades_into_postgres(postgres, tmp_path):
    """nbgrader alone, one submission at a time, against the server: no SQLite file anywhere."""
    course = make_course(tmp_path / "course")
    url = postgres.create_database("plain_nbgrader")
    use_gradebook(course, url)
    exchange = course / "exchange"
    nbgrader("generate_assignment", ASSIGNMENT, cwd=course, exchange=exchange)
    expected = build_class(course)
    students = ["student01", "student02"]
    nbgrader("autograde", ASSIGNMENT, "--student", "student0[12]", cwd=course, exchange=exchange)
    listed = nbgrader("db", "assignment", "list", cwd=course, exchange=exchange)
    assert ASSIGNMENT in listed.stdout + listed.stderr
    with Gradebook(url) as gradebook:
        assert gradebook.find_assignment(ASSIGNMENT).max_score == 11
    assert scores_in(url) == {s: expected[s]["score"] for s in students}
    assert not list(course.rglob("*.db")), "nothing was written to a SQLite gradebook"


def test_grade_gives_the_same_results_as_with_sqlite(graded):
    server_rows = rows_of(graded["postgres"]["run"], "PostgreSQL")
    sqlite_rows = rows_of(graded["sqlite"]["run"], "SQLite")
    expected = graded["expected"]
    assert len(expected) >= 20 and set(server_rows) == set(sqlite_rows) == set(expected)
    for student, want in expected.items():
        row = server_rows[student]
        assert (row["status"], float(row["score"])) == (want["status"], want["score"]), row
        assert want.get("note", "ok") in row["message"], row
        same = ("score", "max_score", "status", "message")
        assert {k: row[k] for k in same} == {k: sqlite_rows[student][k] for k in same}
    assert graded["postgres"]["run"][0].returncode == 1, "kernel-dies could not be graded"


def test_the_postgres_gradebook_holds_every_graded_score(graded):
    rows_of(graded["postgres"]["run"], "PostgreSQL")
    want = graded_scores(graded["expected"])
    recorded = scores_in(graded["url"])
    assert {student: recorded.get(student) for student in want} == want
    assert not (graded["postgres"]["course"] / "gradebook.db").exists(), "no SQLite gradebook"


def test_nbgrader_export_reads_the_postgres_gradebook(graded):
    rows_of(graded["postgres"]["run"], "PostgreSQL")
    course = graded["postgres"]["course"]
    nbgrader("export", "--to", "nbgrader-export.csv", cwd=course, exchange=course / "exchange")
    with open(course / "nbgrader-export.csv", encoding="utf-8") as file:
        exported = {row["student_id"]: float(row["score"]) for row in csv.DictReader(file)}
    want = graded_scores(graded["expected"])
    assert {student: exported.get(student) for student in want} == want


def test_guarantees_export_and_report_read_the_postgres_gradebook(graded):
    rows_of(graded["postgres"]["run"], "PostgreSQL")
    course = graded["postgres"]["course"]
    for verb in (["export", "--output", "lms.csv"], ["report", ASSIGNMENT]):
        result = guarantees(*verb, cwd=course, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
    with open(course / "lms.csv", encoding="utf-8") as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    column = f"{ASSIGNMENT} (11 points)"
    want = graded_scores(graded["expected"])
    assert {student: float(rows[student][column]) for student in want} == want
    students = (course / "reports" / ASSIGNMENT / "students.csv").read_text()
    assert all(student in students for student in want)
    assert not (course / "gradebook.db").exists(), "no SQLite gradebook was made on the side"


def copy_script() -> str:
    """The SQLite-to-PostgreSQL copy script of deploy/postgresql.md, as the guide prints it."""
    blocks = re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
    scripts = [block for block in blocks if block.startswith("# copy_gradebook.py")]
    assert len(scripts) == 1, "deploy/postgresql.md has one copy_gradebook.py block"
    return scripts[0]


def test_the_documented_copy_moves_a_sqlite_gradebook_with_manual_grades(
    graded, postgres, tmp_path
):
    course = graded["sqlite"]["course"]
    source = f"sqlite:///{course / 'gradebook.db'}"
    nbgrader("db", "upgrade", cwd=course, exchange=course / "exchange")  # as the guide says
    with Gradebook(source) as gradebook:  # a manual grade and comment, as the formgrader saves
        grade = gradebook.find_grade(MANUAL_CELL, ASSIGNMENT, ASSIGNMENT, "student02")
        grade.manual_score = 3
        comment = gradebook.find_comment(MANUAL_CELL, ASSIGNMENT, ASSIGNMENT, "student02")
        comment.manual_comment = "Clear and sourced."
        gradebook.db.commit()
    before = scores_in(source)
    target = postgres.create_database("copied_gradebook")
    script = tmp_path / "copy_gradebook.py"
    script.write_text(copy_script())
    result = subprocess.run(
        [sys.executable, str(script), source, target],
        cwd=course, env=nbgrader_environment(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert scores_in(target) == before
    with Gradebook(target) as gradebook:
        comment = gradebook.find_comment(MANUAL_CELL, ASSIGNMENT, ASSIGNMENT, "student02")
        assert comment.manual_comment == "Clear and sourced."
    assert before["student02"] == graded["expected"]["student02"]["score"] + 3
    again = subprocess.run(
        [sys.executable, str(script), source, target],
        cwd=course, env=nbgrader_environment(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert again.returncode != 0 and "not empty" in again.stderr, "never copies over grades"


def test_a_pg_dump_backup_restores_every_score(graded, postgres, tmp_path):
    rows_of(graded["postgres"]["run"], "PostgreSQL")
    server, dump = postgres.server, tmp_path / "gradebook.dump"
    restored = postgres.create_database("restored_gradebook")
    connection = ["-h", "127.0.0.1", "-p", str(server.port), "-U", ROLE]
    for command in (
        ["pg_dump", "--format=custom", f"--file={dump}", *connection, "guarantees_gradebook"],
        ["pg_restore", "--no-owner", *connection, "-d", "restored_gradebook", str(dump)],
    ):  # the guide's commands, as the grading role, the password from PGPASSFILE
        result = subprocess.run(
            [str(server.programs / command[0]), *command[1:]],
            env=nbgrader_environment(), capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    original = scores_in(graded["url"])
    assert original and scores_in(restored) == original
