package mutants

import "github.com/authconform/authconform/clients/go/adapter"

// newM3 makes M3, the queue released only on success. The interceptor
// resets its flag and drains the queue on the happy path and forgets both
// in the catch block (no finally):
//
//	try {
//	  await refresh();
//	  processQueue(null);
//	  isRefreshing = false;
//	  return api(originalRequest);
//	} catch (err) {
//	  logout();
//	  return Promise.reject(err);   // failedQueue and isRefreshing untouched
//	}
//
// When the refresh fails the leader is rejected and the user logged out,
// but every waiter hangs for ever (RJ-1). isRefreshing and failedQueue are
// module variables, so they survive the logout and the next login: the
// next session's first 401 queues behind a refresh that no longer exists
// (RS-1).
func newM3(cfg adapter.Config) (adapter.Client, error) {
	return newMutant(cfg, flaws{releaseOnSuccessOnly: true})
}

var m3 = Mutant{
	ID:   "M3",
	Name: "queue released only on success",
	Pattern: "processQueue and isRefreshing = false sit only on the success path of the refresh; on failure the " +
		"waiters hang for ever, and the stale isRefreshing flag survives logout and login, so the next " +
		"session's first 401 waits for a refresh that never comes.",
	Breaks: []string{"RJ-1", "RS-1"},
	New:    newM3,
}
