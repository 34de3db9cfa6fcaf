package mutants

import "github.com/authconform/authconform/clients/go/adapter"

// newM9 makes M9, a 401 on the refresh that triggers a refresh again. The
// refresh helper's error handler treats a 401 as "token expired, refresh":
//
//	async function refresh() {
//	  try { return await axios.post('/auth/refresh'); }
//	  catch (e) { if (e.response?.status === 401) return refresh(); throw e; }
//	}
//
// The refresh token is dead, so every retry gets 401 again: the client
// hammers the refresh endpoint (RR-1) before it gives up. The Go port
// gives up after 20 attempts, then logs out.
func newM9(cfg adapter.Config) (adapter.Client, error) {
	return newMutant(cfg, flaws{refreshOn401: true})
}

var m9 = Mutant{
	ID:   "M9",
	Name: "401 on refresh refreshes again",
	Pattern: "The refresh call's error handler answers a 401 by calling refresh again, so a dead refresh token " +
		"is presented over and over (bounded here at 20 attempts).",
	Breaks: []string{"RR-1"},
	New:    newM9,
}
