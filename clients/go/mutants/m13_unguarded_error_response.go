package mutants

import "github.com/authconform/authconform/clients/go/adapter"

// newM13 makes M13, error.response read unguarded. In axios a network
// error (dropped connection, timeout, CORS) has no response, so
//
//	} catch (err) {
//	  if (err.response.status === 503) return retry();   // TypeError when response is undefined
//	  logout();
//	}
//
// throws a TypeError before any retry logic runs, and the outer handler
// logs out. The Go port keeps the effect: every refresh failure, a 503 or
// a dropped connection included, is terminal and logs the user out at
// once, where a bounded retry would have succeeded (TR-2).
func newM13(cfg adapter.Config) (adapter.Client, error) {
	return newMutant(cfg, flaws{allFailuresTerminal: true})
}

var m13 = Mutant{
	ID:   "M13",
	Name: "error.response read unguarded",
	Pattern: "The refresh error handler reads error.response.status without a guard; a network error has no " +
		"response, so it becomes a TypeError and the user is logged out: every transient refresh failure is " +
		"treated as terminal.",
	Breaks: []string{"TR-2"},
	New:    newM13,
}
