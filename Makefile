# regionkit: the README's two commands are `make all` (set up, build, report) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP_FLAGS ?= --quiet --disable-pip-version-check

.PHONY: all setup build report test lint clean

# Reports are rendered even when a document failed to build (the failure is reported and the
# exit status stays non-zero), so one bad file does not hide the others' results.
all: setup
	@status=0; \
	$(BIN)/regionkit build || status=$$?; \
	$(BIN)/regionkit report || status=$$?; \
	exit $$status

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) --upgrade pip
	$(BIN)/python -m pip install $(PIP_FLAGS) -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

build: setup
	$(BIN)/regionkit build

report: setup
	$(BIN)/regionkit report

lint: setup
	$(BIN)/ruff check .

test: setup lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) reports
