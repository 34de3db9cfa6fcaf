// Package runner runs one client (a target) through one scenario and
// gathers the evidence the conformance rules judge.
//
// For each run it starts a fresh fake auth server from the scenario's script,
// has a Driver start the client, logs it in, applies the scenario's setup on
// the server, fires the workload's requests, waits until every request has
// settled or the deadline has passed (a request still pending then is
// evidence, not a hang), watches a quiet window for retry loops, fires the
// later actions, reads the client's final state, and stops everything. Runs
// are independent, so many can run at once.
//
// The runner never prints, exits or sleeps to wait for a server: it returns
// evidence values and errors.
package runner
