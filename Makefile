# Two commands on a fresh machine with Python >= 3.11 and make: `make build`, then `make test`.
# `make help` lists every target.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium

.DEFAULT_GOAL := help
.PHONY: help install chromium build figures reports validate test test-fast bench lab clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

# Installs with uv (several times faster than pip, same pins; compiled to bytecode at once, as pip does, so
# that the first build does not pay for it); `make install INSTALLER=pip` uses pip only,
# and pip is also the fallback when uv cannot be installed or fails.
INSTALLER ?= uv

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@if [ "$(INSTALLER)" = uv ] && $(BIN)/python -m pip install --quiet --disable-pip-version-check uv \
	    && $(BIN)/python -m uv pip install --quiet --compile-bytecode --python $(BIN)/python -e ".[dev]"; then \
	  echo "installed with uv"; \
	else \
	  echo "installing with pip"; \
	  $(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]" || exit 1; \
	fi
	@# Notebooks reach git without outputs, whatever saves them (notebooks.gitconfig, .gitattributes).
	@if [ -d .git ]; then git config include.path ../notebooks.gitconfig; fi
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its dependencies

build: $(STAMP) ## Write every figure to figures/ and every HTML report to reports/
	$(BIN)/python -m analysis build

figures: $(STAMP) ## Write the figures only
	$(BIN)/python -m analysis figures

reports: $(STAMP) ## Execute the notebooks and write the HTML reports only
	$(BIN)/python -m analysis reports

validate: $(STAMP) ## Check every data file against its schema
	$(BIN)/python -m analysis validate

chromium: ## Install Debian's Chromium for the browser tests (as root; otherwise they are skipped)
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: $(CHROMIUM) is missing and cannot be installed here; the browser tests will be skipped"; fi; \
	fi

test: $(STAMP) chromium ## Run the whole test suite on every core (installs Chromium for the browser tests if needed)
	$(BIN)/python -m pytest -n auto

test-fast: $(STAMP) ## The tests that run no notebook, build, server or browser (the edit loop)
	$(BIN)/python -m pytest -n auto -m "not slow"

bench: $(STAMP) ## Run the benchmarks (not part of the tests) and print a table
	$(BIN)/python benchmarks/run.py

lab: $(STAMP) ## Open JupyterLab on the notebooks (also as root); saving keeps outputs out of notebooks/
	$(BIN)/jupyter lab --config=jupyter_server_config.py notebooks/ $$([ "$$(id -u)" = 0 ] && echo --allow-root)

clean: ## Remove generated reports, the build cache and test leftovers (keeps .venv and figures/)
	rm -rf reports/ .cache/ .pytest_cache/ .hypothesis/ test-artifacts/ notebooks/*.html
