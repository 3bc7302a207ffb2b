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

# `make test` runs the tests in this many processes (tests/conftest.py says which run together)
TEST_PROCESSES ?= 2
PARALLEL := -n $(TEST_PROCESSES) --dist loadscope --no-loadscope-reorder

.PHONY: lab site test test-fast lint format bench clean chromium npm postgresql hub-python bubblewrap

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# ngshare's nbgrader plugin for tests/hub/test_ngshare.py: its pin jupyter-core<4.11.2 is
	# stale (it works with jupyter-core 5), so it goes in without its pins (deploy/README.md, C)
	$(BIN)/python -m pip install --quiet --no-deps 'ngshare-exchange==0.5.3'
	touch $(STAMP)

## make lab: install the course into .venv and open JupyterLab on the start lesson
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(ROOT_FLAG) $(LAB_ARGS) lessons/00_start_here.ipynb

## make site: the lessons as a static JupyterLite site in build/site/, built from scratch every
## time (needs npm for the Pyodide runtime; downloads only from npm and PyPI, kept in
## build/site-downloads/). Serve the folder from any static web host: docs/instructor-guide.md
site: $(STAMP) npm
	$(BIN)/python -m guarantees.course_site build/site

# System packages the tests and `make site` use. As root (CI, containers) each is installed with
# apt-get when missing; elsewhere `make` says what to install and the tests that need it fail.
# $(call debian_package,TARGET,CHECK,PACKAGES,WHAT FOR): CHECK is a command that fails when missing.
define debian_package
$(1):
	@if ! $(2) >/dev/null 2>&1 && [ "$$$$(id -u)" = 0 ]; then \
		echo "Installing Debian's $(3) for $(4)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(3); \
	elif ! $(2) >/dev/null 2>&1; then \
		echo "Debian's $(3) is missing: $(4) will fail. Run: sudo apt-get install $(3)"; \
	fi
endef
comma := ,

## make chromium: Debian's chromium, which the browser tests drive
$(eval $(call debian_package,chromium,test -x $(CHROMIUM),chromium,the browser tests))
## make npm: npm, which `make site` and its browser test use to fetch the Pyodide runtime
$(eval $(call debian_package,npm,command -v npm,npm,make site and its browser test))
## make postgresql: a PostgreSQL server for the gradebook tests (they start their own server;
## no system service is used)
$(eval $(call debian_package,postgresql,ls /usr/lib/postgresql/*/bin/pg_ctl,postgresql,the PostgreSQL gradebook tests))
## make bubblewrap: the sandbox `guarantees grade` runs every student's notebook in (without
## it, grading refuses to run student code)
$(eval $(call debian_package,bubblewrap,command -v bwrap,bubblewrap,sandboxed grading))
## make hub-python: Debian's Python with venv for the hub test's user environment (real system
## users cannot run a Python that lives under /root)
$(eval $(call debian_package,hub-python,/usr/bin/python3 -c 'import ensurepip$(comma) venv',python3 python3-venv,the hub test as root))

## make test: lint, check formatting, then run the whole test suite (browser tests included)
test: $(STAMP) chromium npm postgresql hub-python bubblewrap
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PARALLEL) $(PYTEST_ARGS)

## make test-fast: the tests that need no kernel, server or browser, and the doctests in src/
## (about a minute on 2 cores; `make test` still runs everything)
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m fast $(PARALLEL) $(PYTEST_ARGS)

## make format: apply ruff's formatting and safe fixes
format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make bench: measure grading time against the bare-kernel floor (writes benchmarks/results/)
bench: $(STAMP) bubblewrap
	$(BIN)/python benchmarks/bench_autograde.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
