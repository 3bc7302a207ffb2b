# Two commands for a fresh clone:  make lab   (open the course)   make test   (run every check)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# JupyterLab refuses to run as root unless told to (CI and containers run as root).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

# The browser tests drive Debian's Chromium (browsers cannot be downloaded: never `playwright
# install`). As root (CI, containers) `make test` installs it when missing; elsewhere the tests
# fail saying what to install.
CHROMIUM := /usr/lib/chromium/chromium

.PHONY: lab site test test-fast lint format bench clean chromium npm postgresql hub-python bubblewrap

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## make lab: install the course into .venv and open JupyterLab on the start lesson
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(ROOT_FLAG) $(LAB_ARGS) lessons/00_start_here.ipynb

## make site: the lessons as a static JupyterLite site in build/site/, built from scratch every
## time (needs npm for the Pyodide runtime; downloads only from npm and PyPI, kept in
## build/site-downloads/). Serve the folder from any static web host: docs/instructor-guide.md
site: $(STAMP) npm
	$(BIN)/python -m guarantees.course_site build/site

## make chromium: install Debian's chromium for the browser tests (as root, when missing)
chromium:
	@if [ ! -x $(CHROMIUM) ] && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	elif [ ! -x $(CHROMIUM) ]; then \
		echo "Chromium is missing: the browser tests will fail. Run: sudo apt-get install chromium"; \
	fi

## make npm: npm, which `make site` and its browser test use to fetch the Pyodide runtime (as
## root, Debian's package when missing)
npm:
	@if ! command -v npm >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's npm for make site"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; \
	elif ! command -v npm >/dev/null 2>&1; then \
		echo "npm is missing: make site and its browser test fail. Run: sudo apt-get install npm"; \
	fi

## make postgresql: install Debian's PostgreSQL server for the gradebook tests (as root, when
## missing). The tests start their own server; no system service is used.
postgresql:
	@if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's postgresql for the PostgreSQL gradebook tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	elif ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
		echo "PostgreSQL is missing: its gradebook tests are skipped. Run: sudo apt-get install postgresql"; \
	fi

## make bubblewrap: Debian's bubblewrap, the sandbox `guarantees grade` runs every student's
## notebook in (as root, when missing). Without it, grading refuses to run student code.
bubblewrap:
	@if ! command -v bwrap >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's bubblewrap for sandboxed grading"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap; \
	elif ! command -v bwrap >/dev/null 2>&1; then \
		echo "bubblewrap is missing: guarantees grade refuses to run. Run: sudo apt-get install bubblewrap"; \
	fi

## make hub-python: Debian's Python with venv for the hub test's user environment (as root, when
## missing): real system users cannot run a Python that lives under /root.
hub-python:
	@if ! /usr/bin/python3 -c 'import ensurepip, venv' >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's python3-venv for the hub test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv; \
	elif ! /usr/bin/python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then \
		echo "Debian's python3-venv is missing: as root the hub test fails. Run: sudo apt-get install python3-venv"; \
	fi

## make test: lint, check formatting, then run the whole test suite (browser tests included)
test: $(STAMP) chromium npm postgresql hub-python bubblewrap
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make test-fast: the tests that need no kernel, server or browser, and the doctests in src/
## (about a minute on 2 cores; `make test` still runs everything)
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m fast $(PYTEST_ARGS)

## make format: apply ruff's formatting and safe fixes
format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make bench: measure grading time against the bare-kernel floor (writes benchmarks/results/)
bench: $(STAMP) bubblewrap
	$(BIN)/python benchmarks/bench_autograde.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
