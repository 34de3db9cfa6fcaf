package mutants

import "github.com/authconform/authconform/clients/go/adapter"

// newM14 makes M14, waiters replayed blindly after a failed refresh. The
// queue is drained with resolve whatever happened:
//
//	const processQueue = (error, token) => {
//	  failedQueue.forEach(p => p.resolve(token));   // error ignored
//	  failedQueue = [];
//	};
//	// waiters: .then(token => api(originalRequest))
//
// When the refresh fails every waiter is sent again, with whatever
// credential is left: the expired one after a transient failure, none
// after the logout (RJ-2).
func newM14(cfg adapter.Config) (adapter.Client, error) {
	return newMutant(cfg, flaws{replayOnFailure: true})
}

var m14 = Mutant{
	ID:   "M14",
	Name: "waiters replayed after a failed refresh",
	Pattern: "processQueue resolves the waiters instead of rejecting them when the refresh failed, so each " +
		"waiting request is sent again with a dead credential.",
	Breaks: []string{"RJ-2"},
	New:    newM14,
}
