package mutants

import "github.com/authconform/authconform/clients/go/adapter"

// newM4 makes M4, the logout call sent through the interceptor and needing
// auth. The refresh failure handler logs out with the application's own
// client:
//
//	const logout = () => api.post('/auth/logout').finally(clearSession);
//	// in the interceptor: catch (err) { processQueue(err); logout(); ... }
//
// When the logout endpoint answers 401 (the session is already revoked),
// the interceptor takes that 401 like any other: it refreshes, the refresh
// fails, the failure handler logs out again, whose 401 refreshes again: a
// refresh-logout ping-pong. Local logout still happens, but the logout's
// failure triggers refreshes (LO-3), the loop keeps calling refresh and
// logout after the failure (NL-1) and logout is called more than once
// (LO-2). The Go port stops after 20 cycles or when the client closes, so
// a test run stays sane; a browser loops until the tab closes.
func newM4(cfg adapter.Config) (adapter.Client, error) {
	return newMutant(cfg, flaws{logoutViaInterceptor: true})
}

var m4 = Mutant{
	ID:   "M4",
	Name: "logout through the interceptor",
	Pattern: "The logout call is made with the intercepted client. When the logout endpoint answers 401 the " +
		"interceptor refreshes, the refresh fails, the failure handler logs out again: a refresh-logout " +
		"ping-pong (bounded here at 20 cycles).",
	Breaks: []string{"LO-3", "NL-1"},
	New:    newM4,
}
