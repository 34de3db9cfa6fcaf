package mutants

import "github.com/authconform/authconform/clients/go/adapter"

// newM10 makes M10, no terminal state. The refresh failure clears the
// tokens and calls logout, but nothing remembers that the session is
// over: the next user action goes out like any other.
//
//	catch (err) { processQueue(err); clearTokens(); logout(); }
//	// later: api.get('/api/items') -> 401 -> refresh -> 401 -> logout ...
//
// Each later request is sent with no credential, gets 401 and starts a
// refresh again, which fails and logs out again (NL-2).
func newM10(cfg adapter.Config) (adapter.Client, error) {
	return newMutant(cfg, flaws{noTerminalState: true})
}

var m10 = Mutant{
	ID:   "M10",
	Name: "no terminal state",
	Pattern: "After a terminal refresh failure and logout nothing marks the session as over: each later request " +
		"is sent with no credential, its 401 starts another refresh, which fails and logs out again.",
	Breaks: []string{"NL-2"},
	New:    newM10,
}
