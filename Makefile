# The two commands: `make demo` renders every example in every view, and its report, into out/;
# `make test` runs the whole suite.
# `make test` also lints (ruff) and type-checks the package (mypy --strict). Each sets up what it needs on a fresh machine: a
# virtual environment with the package and its test extras (Playwright among them), the Graphviz binaries,
# and, for the browser tests, Debian's Chromium, axe-core and Mermaid (both from npm, into .tools/).
# What is missing is installed with apt-get (through sudo when not root) or npm.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.installed
SPARK_READY := $(VENV)/.spark-installed
OUT    := out
VIEWS  := flow canvas star gap likert willingness
GALLERY := docs/images
FORMATS := svg png pdf dot
CHROMIUM ?= /usr/bin/chromium
TOOLS    := .tools
AXE_VERSION := 4.14.1
AXE      := $(TOOLS)/axe-core-$(AXE_VERSION).installed
MERMAID_VERSION := 12.3.0
MERMAID  := $(TOOLS)/mermaid-$(MERMAID_VERSION).installed

.PHONY: demo gallery test setup graphviz java chromium axe-core mermaid clean

demo: $(READY) graphviz
	@mkdir -p $(OUT)
	@for map in examples/*.yaml; do \
	  name=$$(basename $$map .yaml); \
	  for view in $(VIEWS); do for fmt in $(FORMATS); do \
	    $(BIN)/journeymap render $$map --view $$view -o $(OUT)/$$name.$$view.$$fmt || exit 1; \
	  done; done; \
	  $(BIN)/journeymap report $$map -o $(OUT)/$$name.report.html || exit 1; \
	  echo "rendered $$map into $(OUT)/$$name.* (views: $(VIEWS); report: $(OUT)/$$name.report.html)"; \
	done
	@for script in examples/*.py; do $(BIN)/python $$script $(OUT) || exit 1; done
	@for survey in examples/surveys/*.yaml; do \
	  name=$$(basename $$survey .yaml); \
	  $(BIN)/journeymap survey $$survey > $(OUT)/$$name.txt || exit 1; \
	  $(BIN)/journeymap survey $$survey --json > $(OUT)/$$name.json 2>/dev/null || exit 1; \
	  echo "surveyed $$survey into $(OUT)/$$name.txt and .json"; \
	done
	@# The evidence written into a map by journeymap itself, as examples/sight_loss_evidence.yaml was made.
	@cp examples/sight_loss.yaml $(OUT)/sight_loss_surveyed.yaml
	@for survey in sight_loss_survey opinion_survey; do \
	  $(BIN)/journeymap survey examples/surveys/$$survey.yaml --into $(OUT)/sight_loss_surveyed.yaml \
	    > /dev/null 2>&1 || exit 1; \
	done
	@$(BIN)/journeymap diff examples/sight_loss.yaml $(OUT)/sight_loss_surveyed.yaml > $(OUT)/sight_loss_surveyed.diff.txt
	@echo "wrote both surveys into $(OUT)/sight_loss_surveyed.yaml (what changed: $(OUT)/sight_loss_surveyed.diff.txt)"
	@# A map discovered from records (examples/records/community_care_map.yaml is the same map, committed), its
	@# views and its report.
	@$(BIN)/journeymap discover examples/records/community_care.csv --stages examples/records/stages.yaml \
	  --channel channel --title "Community care at home, from its records" --quiet --force \
	  -o $(OUT)/community_care.yaml
	@for view in $(VIEWS); do for fmt in $(FORMATS); do \
	  $(BIN)/journeymap render $(OUT)/community_care.yaml --view $$view -o $(OUT)/community_care.$$view.$$fmt || exit 1; \
	done; done
	@$(BIN)/journeymap report $(OUT)/community_care.yaml -o $(OUT)/community_care.report.html
	@echo "discovered examples/records/community_care.csv into $(OUT)/community_care.yaml, rendered into $(OUT)/community_care.*"

# The README's pictures: one of each view of the sight-loss example, with its survey evidence.
gallery: $(READY) graphviz
	@for view in $(VIEWS); do \
	  $(BIN)/journeymap render examples/sight_loss_evidence.yaml --view $$view --force \
	    -o $(GALLERY)/sight_loss.$$view.png || exit 1; \
	done
	@$(BIN)/journeymap render examples/records/community_care_map.yaml --view flow --force \
	  -o $(GALLERY)/community_care.flow.png

test: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	JOURNEYMAP_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

setup: $(READY) $(SPARK_READY) graphviz java chromium axe-core mermaid  # `make demo` needs $(READY) and graphviz

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@# Bytecode, as a regular install has it: under PYTHONDONTWRITEBYTECODE=1 an editable install would
	@# compile every module again at every start of the command line.
	$(BIN)/python -m compileall -q src/journeymap
	@touch $@

# The spark extra (pyspark, about 460 MB with its jars), for the Spark engine's tests: `make test` only, so that
# `make demo` stays quick. Spark itself runs on the Java below.
$(SPARK_READY): $(READY)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,spark]'
	$(BIN)/python -m compileall -q src/journeymap
	@touch $@

# $(call apt-install,PACKAGES,WHAT TO DO BY HAND): install Debian packages, or stop and say what to do.
apt-install = \
	if command -v apt-get >/dev/null 2>&1; then \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(1) >/dev/null || { \
	    echo "Could not install $(1) with apt-get; $(2)" >&2; exit 1; }; \
	else \
	  echo "apt-get is not available here to install $(1); $(2)" >&2; exit 1; \
	fi

# Graphviz, and the font it draws with: DejaVu Sans, whose metrics journeymap ships
# (src/journeymap/rendering/font_metrics.json; tests/test_fonts.py checks them against the installed fonts).
graphviz:
	@if ! command -v dot >/dev/null 2>&1; then \
	  echo "Graphviz's dot is missing: installing the graphviz package with apt-get"; \
	  $(call apt-install,graphviz fonts-dejavu-core,install Graphviz yourself (macOS: brew install graphviz) and run make again.); \
	  dot -V; \
	fi
	@if ! fc-match --format='%{file}' 'DejaVu Sans:bold' 2>/dev/null | grep -q 'DejaVuSans-Bold\.ttf$$'; then \
	  echo "DejaVu Sans, the font the diagrams are drawn and measured in, is missing: installing fonts-dejavu-core"; \
	  $(call apt-install,fonts-dejavu-core fontconfig,install the DejaVu fonts yourself (macOS: brew install --cask font-dejavu) and run make again.); \
	fi

# Java 17 or later, which Spark (the spark extra, for `journeymap discover --engine spark`) runs on.
java:
	@if ! command -v java >/dev/null 2>&1; then \
	  echo "Java is missing (Spark, which the discover tests run, needs it): installing openjdk-17-jre-headless"; \
	  $(call apt-install,openjdk-17-jre-headless,install Java 17 or later yourself and run make again.); \
	  java -version; \
	fi

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Chromium is missing (the browser tests of the HTML report drive it): installing it with apt-get"; \
	  $(call apt-install,chromium fonts-dejavu-core,install Chromium yourself and run make again with CHROMIUM=/its/path.); \
	fi

axe-core: $(AXE)

$(AXE):
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "npm is missing (it fetches axe-core for the accessibility audit): installing it with apt-get"; \
	  $(call apt-install,npm,install Node.js and npm yourself and run make again.); \
	fi
	npm install --no-save --no-audit --no-fund --silent --prefix $(TOOLS) axe-core@$(AXE_VERSION)
	@touch $@

# Mermaid, whose own parser checks the Mermaid import and export (tests/test_mermaid.py). It has a prefix of
# its own: an npm install into a prefix removes what other --no-save installs put there (axe-core).
mermaid: $(MERMAID)

$(MERMAID): | $(AXE)  # after axe-core, whose recipe installs npm when it is missing
	npm install --no-save --no-audit --no-fund --silent --prefix $(TOOLS)/mermaid mermaid@$(MERMAID_VERSION)
	@touch $@

clean:
	rm -rf $(VENV) $(OUT) $(TOOLS) .pytest_cache .hypothesis build src/*.egg-info
