package mutants

import "github.com/authconform/authconform/clients/go/adapter"

// newM8 makes M8, only the first request marked as retried. The _retry
// flag is set on the request that starts the refresh, but the queued ones
// are replayed without it:
//
//	if (isRefreshing) {
//	  return new Promise((resolve, reject) => failedQueue.push({resolve, reject}))
//	    .then(() => api(originalRequest));   // no originalRequest._retry = true
//	}
//	originalRequest._retry = true;
//
// As long as the new token works nothing shows. When the server rejects
// the new token too (refresh-unusable), each replayed waiter's 401 is
// taken as a fresh expiry and refreshes again: a refresh storm (SF-1,
// NL-1). The Go port stops after 50 refreshes per session or when the
// context ends.
func newM8(cfg adapter.Config) (adapter.Client, error) {
	return newMutant(cfg, flaws{retryFlagLeaderOnly: true})
}

var m8 = Mutant{
	ID:   "M8",
	Name: "only the first request marked as retried",
	Pattern: "The retry flag is set on the request that triggered the refresh but not on the queued ones; when " +
		"the new token is rejected too, each replayed 401 refreshes again: a refresh storm (bounded here at " +
		"50 refreshes).",
	Breaks: []string{"SF-1"},
	New:    newM8,
}
