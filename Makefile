# Crossing: the entry points. `make run` and `make test` work on a fresh machine of this project's kind
# (Swift 6.3 toolchain, Debian); anything else they need is installed on the way.

SWIFT      ?= swift
HOST       ?= 127.0.0.1
PORT       ?= 8080
DEBUG_BIN  := .build/debug/crossing
RELEASE_BIN:= .build/release/crossing
LINT_PATHS := Package.swift Sources Tests

.PHONY: help run build release test test-sqlite test-postgres fuzz-api lint format bench screenshots clean-data system-packages

# Debian packages the build links against (C libraries behind system library targets in Package.swift).
# `system-packages` installs the missing ones with apt-get (as root), so a clean clone builds.
SYSTEM_PACKAGES := pkg-config libturbojpeg0-dev libqrencode-dev

help:
	@echo "make run          build and serve the portal and API on http://$(HOST):$(PORT) (SQLite under ./data)"
	@echo "make test         run the whole suite on SQLite, then on a throwaway PostgreSQL cluster, then fuzz the API"
	@echo "make lint         swift format lint --strict with the committed .swift-format"
	@echo "make format       rewrite the sources with swift format"
	@echo "make bench        release build + wrk benchmarks (see Benchmarks/README.md)"
	@echo "make screenshots  headless Chromium screenshots of the portal into screenshots/"

system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s "$$p" >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" -ne 0 ]; then echo "Missing Debian packages:$$missing; install them with apt-get" >&2; exit 69; fi; \
		echo "Installing Debian packages:$$missing"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: system-packages
	$(SWIFT) build --product crossing

release: system-packages
	$(SWIFT) build -c release --product crossing

# Serves with automatic migration and the reference data loaded into ./data/crossing.sqlite.
run: build
	$(DEBUG_BIN) serve --hostname $(HOST) --port $(PORT)

test: test-sqlite test-postgres fuzz-api

test-sqlite: system-packages
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The same suite against PostgreSQL 15: scripts/with-postgres.sh installs the server if missing,
# starts a throwaway cluster on a free loopback port, and removes it afterwards. Serial, because the
# tests share that one database.
test-postgres: system-packages
	$(SWIFT) build --build-tests
	scripts/with-postgres.sh $(SWIFT) test --skip-build --no-parallel

# Schema-driven fuzzing of the API against docs/openapi.yaml (schemathesis, fixed seed, bounded).
fuzz-api: build
	scripts/fuzz-api.sh

lint:
	$(SWIFT) format lint --strict --configuration .swift-format -r $(LINT_PATHS)

format:
	$(SWIFT) format format --configuration .swift-format -i -r $(LINT_PATHS)

bench: release
	Benchmarks/run.sh $(RELEASE_BIN)

screenshots: build
	scripts/screenshots.sh

clean-data:
	rm -rf data
