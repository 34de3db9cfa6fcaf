package mutants

import "github.com/authconform/authconform/clients/go/adapter"

// newSilent makes SILENT: the logout is local only.
//
//	} catch (err) {
//	  processQueue(err);
//	  store.dispatch(clearSession());   // never calls POST /auth/logout
//	}
//
// Everything a user sees is right, but the server never learns that the
// session ended, so its refresh token family stays alive until it expires
// (LO-2, a SHOULD rule).
func newSilent(cfg adapter.Config) (adapter.Client, error) {
	return newMutant(cfg, flaws{silentLogout: true})
}

var mSilent = Mutant{
	ID:   "SILENT",
	Name: "logout never told to the server",
	Pattern: "After a terminal refresh failure the client clears its session locally but never calls the " +
		"logout endpoint.",
	Breaks: []string{"LO-2"},
	New:    newSilent,
}
