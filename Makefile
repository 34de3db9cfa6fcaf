# authconform — make targets. `make help` lists them.
GO        ?= go
FUZZTIME  ?= 10s
PKGS      := ./...

NPM_DIRS  := $(dir $(wildcard clients/web/package-lock.json clients/process/node/package-lock.json))
EXAMPLES  := $(dir $(wildcard examples/*/package-lock.json))

.PHONY: help deps test vet fmt-check race fuzz-short fuzz bench soak build conformance serve clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

deps: ## install what the browser and process targets need: Chromium (apt) and the npm packages, when missing; build the example apps
	@if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/lib/chromium/chromium ]; then \
		echo "installing Chromium (apt-get install chromium)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi
	@for d in $(NPM_DIRS) $(EXAMPLES); do \
		if [ ! -d $$d/node_modules ] || [ $$d/package-lock.json -nt $$d/node_modules/.package-lock.json ]; then \
			echo "npm ci in $$d"; npm ci --prefix $$d --no-audit --no-fund --loglevel=error || exit 1; \
		fi; \
	done
	@for d in $(EXAMPLES); do \
		if [ ! -f $$d/dist/index.html ] || [ -n "$$(find $$d/src $$d/index.html $$d/vite.config.js $$d/package-lock.json -newer $$d/dist/index.html 2>/dev/null | head -1)" ]; then \
			echo "npm run build in $$d"; (cd $$d && npm run build --silent >/dev/null) || exit 1; \
		fi; \
	done

test: deps fmt-check vet race selftest fuzz-short ## everything CI runs: format, vet, unit tests with -race, the self-tests, short fuzzing

fmt-check: ## fail if gofmt would change a file
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet: ## go vet
	$(GO) vet $(PKGS)

# The self-tests run every client through every scenario and judge timings: they run alone, after
# the rest, so that no other package's tests compete with them for the two cores.
SELFTESTS := TestSelfTest|TestBundledAdapters|TestDocMinimalClient

# Packages run one at a time (-p 1): the suite and the browser tests judge real timings, and on two
# cores a neighbour package's Chromium would starve them.
race: ## unit and integration tests with the race detector, one package at a time (results.json is not written)
	AUTHCONFORM_RESULTS= $(GO) test -race -count=1 -p 1 -timeout 20m -skip '$(SELFTESTS)' $(PKGS)

selftest: ## the suite's own proof: reference, mutants and bundled adapters through every scenario, one package at a time
	$(GO) test -count=1 -p 1 -timeout 20m -run '$(SELFTESTS)' ./runner/...

fuzz-short: ## each fuzz target for a few seconds (FUZZTIME=10s by default in `make fuzz`)
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 5s ./scenarios
	$(GO) test -run '^$$' -fuzz '^FuzzParseAccessToken$$' -fuzztime 5s ./fakeauth
	$(GO) test -run '^$$' -fuzz '^FuzzServeAuthHeader$$' -fuzztime 5s ./fakeauth
	$(GO) test -run '^$$' -fuzz '^FuzzStdout$$' -fuzztime 5s ./runner/process
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime 5s ./runner/profile

fuzz: ## each fuzz target for FUZZTIME (default 10s; e.g. make fuzz FUZZTIME=5m)
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./scenarios
	$(GO) test -run '^$$' -fuzz '^FuzzParseAccessToken$$' -fuzztime $(FUZZTIME) ./fakeauth
	$(GO) test -run '^$$' -fuzz '^FuzzServeAuthHeader$$' -fuzztime $(FUZZTIME) ./fakeauth
	$(GO) test -run '^$$' -fuzz '^FuzzStdout$$' -fuzztime $(FUZZTIME) ./runner/process
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./runner/profile

bench: deps ## benchmarks and the suites' wall times against baselines run beside them; a table of ratios (docs/performance.md)
	$(GO) run ./internal/bench $(BENCHFLAGS)

SOAK ?= 1m
soak: ## the fakeauth soak for SOAK (default 1m): journal against the clients' own counts, with the race detector
	$(GO) test -race -count=1 -v -run '^TestSoak' -timeout 10m ./fakeauth -soak=$(SOAK)

build: ## build bin/authconform and bin/authconform-go-client (the reference as a process-protocol client)
	$(GO) build -o bin/authconform ./cmd/authconform
	$(GO) build -o bin/authconform-go-client ./clients/process/go

serve: build ## run the fake auth server (SCENARIO=revoked make serve)
	./bin/authconform serve $(if $(SCENARIO),--scenario $(SCENARIO))

conformance: deps ## the suite on the bundled defaults; JUnit, results.json and report.html in reports/ (ARGS="--target=go:M1")
	@status=0; $(GO) tool ginkgo --junit-report=junit.xml --output-dir=reports ./suites $(if $(ARGS),-- $(ARGS)) || status=$$?; \
	$(GO) run ./cmd/authconform report --in reports/results.json --out reports/report.html --junit reports/junit.xml || exit $$?; \
	echo "reports: reports/junit.xml reports/results.json reports/report.html"; \
	exit $$status

clean: ## remove build output and reports
	rm -rf bin reports/*.xml reports/*.json reports/*.html
