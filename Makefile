# A newcomer runs `make demo` and `make test`; everything else is here for the curious.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint format bench clean

install: $(STAMP)

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: install
	@echo "== Health check of the model policy =="
	-@$(BIN)/prudence policy lint ../shared/seed/social-media-policy.txt --today 2026-11-24 || true
	@echo
	@echo "== Can I post this? =="
	@$(BIN)/prudence check --profile examples/demo-school/profile.yaml \
		"Lovely to see you at the fair, Harry! Text me on 07700 900123 if you need help with homework."

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
