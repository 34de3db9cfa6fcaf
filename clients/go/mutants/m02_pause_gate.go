package mutants

import "github.com/authconform/authconform/clients/go/adapter"

// newM2 makes M2, a pause gate that also holds the refresh call. Some
// interceptors stop new requests while a refresh is in flight, with a
// request interceptor (or a wrapped fetch) that every call passes:
//
//	api.interceptors.request.use(async config => {
//	  if (isRefreshing) await refreshDone;   // pause until the refresh ends
//	  return config;
//	});
//
// The refresh is made with the same instance, so it meets the gate it
// closed and waits for itself: every refresh deadlocks until the run's
// context ends. The refresh never even reaches the server: no refresh for
// an expired token (SF-1), and the requests waiting on it never settle
// (SF-2).
func newM2(cfg adapter.Config) (adapter.Client, error) {
	return newMutant(cfg, flaws{gateEverything: true})
}

var m2 = Mutant{
	ID:   "M2",
	Name: "pause gate holds the refresh",
	Pattern: "While a refresh is in flight a request interceptor pauses every outgoing call until the refresh " +
		"ends; the refresh call passes the same gate, so it waits for itself and every refresh deadlocks.",
	Breaks: []string{"SF-1", "SF-2"},
	New:    newM2,
}
