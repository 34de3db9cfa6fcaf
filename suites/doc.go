// Package suites holds the Ginkgo conformance suite: for each selected
// target and scenario (and credential style), the runner gathers the
// evidence once, and every rule the scenario judges is its own spec, named
// "[RULE] scenario · target · style" and labelled with the rule ID, the
// scenario, the target kind, the target and the style, so --label-filter
// selects them.
//
//	go tool ginkgo ./suites                                 # the defaults
//	go tool ginkgo --junit-report=junit.xml --output-dir=reports ./suites -- --target=go:M1
//	go tool ginkgo --label-filter='SF-1 || RJ-1' ./suites -- --target=go,go:M7
//
// Flags (after --) and their environment variables:
//
//	--target    AUTHCONFORM_TARGET    comma-separated targets (default go,web)
//	--style     AUTHCONFORM_STYLE     credential styles: cookie, bearer or both (default cookie,bearer)
//	--strict    AUTHCONFORM_STRICT    SHOULD rules fail too
//	--scenario  AUTHCONFORM_SCENARIO  comma-separated scenario IDs (default all)
//	--scenarios AUTHCONFORM_SCENARIOS a folder of your own scenario files
//	--scale     AUTHCONFORM_SCALE     multiply every scenario duration (slow clients)
//	--deadline  AUTHCONFORM_DEADLINE  override every scenario's deadline
//	--quiet     AUTHCONFORM_QUIET     override every scenario's quiet window
//	--results   AUTHCONFORM_RESULTS   where the run's evidence and verdicts go as JSON (default reports/results.json; "" for none)
package suites
