package mutants

import "github.com/authconform/authconform/clients/go/adapter"

// newM5 makes M5, the in-flight 401s dropped while refreshing. The guard
// against a second refresh rejects instead of queueing:
//
//	if (error.response.status === 401 && !originalRequest._retry) {
//	  if (isRefreshing) return Promise.reject(error);   // "already refreshing"
//	  ...
//	}
//
// Requests of the first burst that were answered before the refresh
// started are fine, but any 401 that arrives while the refresh is in
// flight (a slow refresh, late requests) fails instead of waiting (SF-2)
// and is never replayed (RP-1).
func newM5(cfg adapter.Config) (adapter.Client, error) {
	return newMutant(cfg, flaws{dropWhileRefreshing: true})
}

var m5 = Mutant{
	ID:   "M5",
	Name: "401s dropped while refreshing",
	Pattern: "A 401 that arrives while isRefreshing is set is rejected (\"already refreshing\") instead of " +
		"being queued for replay, so requests failing during a slow refresh are lost.",
	Breaks: []string{"SF-2", "RP-1"},
	New:    newM5,
}
