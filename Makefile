# The README's two commands: `make build` renders every spec, `make test` runs the tests.
# Both first install what is missing: system Graphviz and fonts, then .venv with archgen.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.archgen-installed

.PHONY: build test check lint schema system-deps test-deps bytecode clean

build: system-deps $(STAMP) bytecode
	$(BIN)/archgen build specs -o output

test: test-deps $(STAMP) bytecode
	$(BIN)/python -m pytest

check: system-deps $(STAMP)
	$(BIN)/archgen check specs

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

schema: $(STAMP)
	$(BIN)/archgen schema > schema/archgen.schema.json

system-deps:
	@bash .ci/system-deps

# archgen is installed editable, so its bytecode lives beside the sources. Where
# PYTHONDONTWRITEBYTECODE is set, Python would recompile every module on every
# command (about 60 ms of an `archgen ascii` run); compile them once here.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q src > /dev/null

test-deps:
	@bash .ci/system-deps --with-browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
