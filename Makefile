# The course's commands. `make help` lists them. Everything runs inside .venv (made by `make setup`).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(BIN)/uv

# The local MNIST mirror beside the project (no network needed), used when it exists.
MIRROR := $(abspath ../shared/mnist)
ifneq ($(wildcard $(MIRROR)/SHA256SUMS),)
export MNIST_MIRROR ?= $(MIRROR)
endif
export TF_CPP_MIN_LOG_LEVEL ?= 2

NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: help setup data test lint unit notebooks course lab clean lock

help:  ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: $(VENV)/.installed  ## Create .venv with the pinned packages (idempotent, fast when done)

$(VENV)/.installed: requirements.lock pyproject.toml config/ipython_kernel_config.py
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else \
	  "error: the course needs Python 3.11; set PYTHON=/path/to/python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(UV) || $(BIN)/python -m pip install --quiet "$$(grep '^uv==' requirements.lock)"
	$(UV) pip sync --quiet --python $(BIN)/python --compile-bytecode requirements.lock
	mkdir -p $(VENV)/etc/ipython && cp config/ipython_kernel_config.py $(VENV)/etc/ipython/
	touch $@

data: setup  ## Fetch and verify MNIST, prepare it for tfds (cache: data/cache/)
	$(BIN)/python -m helpers.mnist

test: setup data lint unit notebooks  ## Everything CI checks: lint, unit tests, notebooks (fast mode)

lint: setup
	$(BIN)/ruff check .

unit: setup data
	$(BIN)/pytest tests

notebooks: setup data  ## Run every notebook in fast mode and compare with the committed outputs
	COURSE_FAST=1 $(BIN)/pytest $(NBVAL) notebooks

course: setup data  ## Execute every notebook in full mode and refresh the committed outputs
	$(BIN)/python tools/run_notebooks.py

lab: setup data  ## Start JupyterLab in notebooks/
	cd notebooks && ../$(BIN)/jupyter lab

lock:  ## Re-resolve requirements.in into requirements.lock and environment.yml
	$(UV) pip compile --quiet --universal --python-version 3.11 requirements.in -o requirements.lock
	$(BIN)/python tools/lock_env.py

clean:  ## Remove generated files (build/, book/_build/); keeps data/cache/, models/ and .venv
	rm -rf build book/_build
