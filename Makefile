# The book's commands. `make book` builds the site from the shipped data; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: book test serve validate bench pin clean

book: $(INSTALLED)
	$(BIN)/ssbook build

# A worker per core, each test file whole on one worker (its module fixtures made once), the files
# handed out in the order tests/conftest.py gives them (the shared build started first, the largest
# files first). Not loadgroup: with pytest 9, pytest-xdist 3.8's xdist_group marks are ignored and a
# grouped file's module fixtures (builds, browser visits) are made again on every worker that runs one of its tests.
test: $(INSTALLED)
	$(BIN)/python -m pytest -n auto --dist loadfile --no-loadscope-reorder

serve: $(INSTALLED)
	$(BIN)/ssbook serve

validate: $(INSTALLED)
	$(BIN)/ssbook validate

# The benchmark (not part of the tests; about 15 minutes on 2 quiet cores): writes _build/bench/report.md,
# report.json and bench.log (the steps' own output). `BENCH_RUNS=1 make bench` for a quick look.
bench: $(INSTALLED)
	$(BIN)/python bench/run.py

# A fresh virtual environment with the exact pins, and this project's package in it.
$(INSTALLED): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# Re-pin requirements.txt from requirements.in (after changing requirements.in).
pin: $(INSTALLED)
	$(BIN)/python -m pip install --quiet -r requirements.in
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^ssbook' > requirements.txt

clean:
	rm -rf _build
