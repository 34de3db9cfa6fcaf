package mutants

import "github.com/authconform/authconform/clients/go/adapter"

// newM15 makes M15, no refresh timeout. axios's default timeout is 0
// (none), and fetch has none at all:
//
//	const { data } = await axios.post('/auth/refresh');   // no timeout
//
// A refresh that never answers is awaited for ever; only the run's
// context ends it. The client never abandons it (TO-1) and every waiter
// is still pending at the deadline (RJ-1).
func newM15(cfg adapter.Config) (adapter.Client, error) {
	return newMutant(cfg, flaws{noRefreshTimeout: true})
}

var m15 = Mutant{
	ID:   "M15",
	Name: "no refresh timeout",
	Pattern: "The refresh call has no timeout (axios's default), so a refresh that never answers keeps the " +
		"queue waiting for ever.",
	Breaks: []string{"TO-1", "RJ-1"},
	New:    newM15,
}
