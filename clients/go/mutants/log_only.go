package mutants

import "github.com/authconform/authconform/clients/go/adapter"

// newLog makes LOG, the seed lesson's weak "BAD PATTERN": the refresh
// failure is caught and logged, and that is all.
//
//	} catch (err) {
//	  processQueue(err);
//	  console.error('Refresh failed', err);   // no logout, tokens kept
//	  return Promise.reject(err);
//	}
//
// The requests fail, but the user stays "logged in" with dead credentials
// (LO-1), the server is never told (LO-2), and each later action sends the
// dead credential and refreshes again (NL-2). The Go port logs to memory
// (Console), never to stdout.
func newLog(cfg adapter.Config) (adapter.Client, error) {
	return newMutant(cfg, flaws{onlyLog: true})
}

var mLog = Mutant{
	ID:   "LOG",
	Name: "failure only logged",
	Pattern: "The refresh failure is only logged (console.error); the session state is kept: no logout, the " +
		"dead credentials stay, and each later action refreshes again.",
	Breaks: []string{"LO-1", "LO-2", "NL-2"},
	New:    newLog,
}
