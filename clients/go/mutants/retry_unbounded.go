package mutants

import "github.com/authconform/authconform/clients/go/adapter"

// newRetry makes RETRY: a transient refresh failure is retried until it
// works.
//
//	async function refresh() {
//	  for (;;) {
//	    try { return await axios.post('/auth/refresh'); }
//	    catch (e) { if (e.response?.status >= 500 || !e.response) { await sleep(40); continue; } throw e; }
//	  }
//	}
//
// A refresh endpoint that keeps answering 503 or dropping the connection
// is hammered without bound (TR-1). The Go port stops after 50 attempts or
// when the context ends.
func newRetry(cfg adapter.Config) (adapter.Client, error) {
	return newMutant(cfg, flaws{unboundedRetry: true})
}

var mRetry = Mutant{
	ID:   "RETRY",
	Name: "unbounded transient retry",
	Pattern: "A transient refresh failure (5xx, dropped connection, timeout) is retried until it succeeds, " +
		"with no attempt limit (bounded here at 50 attempts).",
	Breaks: []string{"TR-1"},
	New:    newRetry,
}
