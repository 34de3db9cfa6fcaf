package mutants

import "github.com/authconform/authconform/clients/go/adapter"

// newM6 makes M6, no credential-generation check. The interceptor only
// asks "is a refresh in flight?", never "was this request sent with the
// credential I hold now?":
//
//	if (isRefreshing) { /* queue */ }
//	isRefreshing = true;   // refresh again, even if one just finished
//
// A request sent with the old token whose 401 arrives after the refresh
// has finished (late-401) starts a second refresh instead of being
// replayed with the new token (SF-3), so one expiry costs two refreshes
// (SF-1).
func newM6(cfg adapter.Config) (adapter.Client, error) {
	return newMutant(cfg, flaws{noGenerationCheck: true})
}

var m6 = Mutant{
	ID:   "M6",
	Name: "no credential-generation check",
	Pattern: "The interceptor does not compare the credential a request was sent with to the current one, so a " +
		"late 401 (sent with the old token, answered after the refresh finished) triggers a second refresh.",
	Breaks: []string{"SF-3", "SF-1"},
	New:    newM6,
}
