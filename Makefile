# The course's commands. `make help` lists them. They run in the course's .venv (made by
# `make setup`), or in the environment that is active when you call them: a virtualenv, or a
# conda environment other than base (e.g. `conda activate cnn-course`).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
ifneq ($(VIRTUAL_ENV),)
ENV_DIR := $(VIRTUAL_ENV)
else ifneq ($(filter-out base,$(CONDA_DEFAULT_ENV)),)
ENV_DIR := $(CONDA_PREFIX)
else
ENV_DIR := $(VENV)
endif
BIN    := $(ENV_DIR)/bin
UV     := $(BIN)/uv

# The local MNIST mirror beside the project (no network needed), used when it exists.
MIRROR := $(abspath ../shared/mnist)
ifneq ($(wildcard $(MIRROR)/SHA256SUMS),)
export MNIST_MIRROR ?= $(MIRROR)
endif
export TF_CPP_MIN_LOG_LEVEL ?= 2

NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: help setup data test lint notebooks course lab student book browser bench variants clean lock

help:  ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: $(ENV_DIR)/.cnn-course-installed  ## Install the pinned packages (.venv or the active environment; fast when done)

$(ENV_DIR)/.cnn-course-installed: requirements.lock pyproject.toml config/ipython_kernel_config.py config/jupyter_server_config.py
ifeq ($(abspath $(ENV_DIR)),$(abspath $(VENV)))
	@$(PYTHON) -c 'import sys; sys.exit(0 if (3, 10) <= sys.version_info[:2] <= (3, 13) else \
	  "error: the course needs Python 3.10 to 3.13; set PYTHON=/path/to/python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(UV) || $(BIN)/python -m pip install --quiet "$$(grep '^uv==' requirements.lock)"
	$(UV) pip sync --quiet --python $(BIN)/python --compile-bytecode requirements.lock
else
	@echo "Installing the course's pinned packages into the active environment $(ENV_DIR)"
	$(BIN)/python -m pip install --quiet -r requirements.lock
endif
	mkdir -p $(ENV_DIR)/etc/ipython $(ENV_DIR)/etc/jupyter
	cp config/ipython_kernel_config.py $(ENV_DIR)/etc/ipython/
	cp config/jupyter_server_config.py $(ENV_DIR)/etc/jupyter/
	touch $@

data: setup  ## Fetch and verify MNIST, prepare it for tfds (cache: data/cache/)
	$(BIN)/python -m helpers.mnist

# One pytest run: the notebooks first (lesson 04 saves the fast model later tests use), then the
# unit tests; it ends with a table of notebook, fast-mode seconds and status. The browser tests
# need Chromium: install it once with `make browser`. CI machines start clean, so with CI=true
# (and only then) `make test` runs `make browser` first.
test: setup data lint $(if $(filter true,$(CI)),browser)  ## Everything CI checks: lint, notebooks in fast mode (nbval), unit tests, the book
	COURSE_FAST=1 $(BIN)/pytest $(NBVAL) notebooks tests

lint: setup
	$(BIN)/ruff check .

notebooks: setup data  ## Only the notebooks: run in fast mode, compare with the committed outputs
	COURSE_FAST=1 $(BIN)/pytest $(NBVAL) notebooks

course: setup data  ## Execute every notebook in full mode and refresh the committed outputs
	$(BIN)/python tools/export_lessons.py
	$(BIN)/python tools/run_notebooks.py

lab: setup data  ## Start JupyterLab in notebooks/
	cd notebooks && ../$(BIN)/jupyter lab

book: setup  ## Build the course book (HTML from the committed outputs, nothing executed) into _build/html
	$(BIN)/jupyter-book build --all -W -n --keep-going .

browser:  ## Install Debian's Chromium (/usr/bin/chromium) for the browser tests (once; apt, needs root or sudo)
	@if [ -n "$$COURSE_CHROMIUM" ] && [ -x "$$COURSE_CHROMIUM" ]; then echo "using $$COURSE_CHROMIUM"; \
	elif [ -x /usr/bin/chromium ]; then dpkg-query -W -f='chromium $${Version} is installed\n' chromium; else \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  apt-cache show chromium >/dev/null 2>&1 || $$SUDO apt-get update; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; fi

student: setup  ## Write student copies (solutions replaced by stubs) to build/student/
	$(BIN)/python -m helpers.student --out build/student notebooks/*.ipynb

bench: setup data  ## Benchmark: from the plain baseline to lesson 04 one change at a time (3 seeds each), every notebook full, fast and float32, the book build
	$(BIN)/python tools/bench.py

variants: setup data  ## Train the variants lesson 07 compares (~25 min); writes data/variants.json
	$(BIN)/python tools/variants.py

lock:  ## Re-resolve requirements.in into requirements.lock and environment.yml
	$(UV) pip compile --quiet --universal --python-version 3.10 requirements.in -o requirements.lock
	$(BIN)/python tools/lock_env.py

clean:  ## Remove generated files (build/, _build/); keeps data/cache/, models/ and .venv
	rm -rf build _build
