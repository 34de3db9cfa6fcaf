// Package mutants holds known-bad Go clients that prove the conformance
// suite has teeth. Each reproduces one pattern seen in real refresh
// interceptors, ported from the axios "textbook" interceptor: a client
// with isRefreshing, a failedQueue of waiters released by processQueue,
// and a per-request _retry flag.
//
// Textbook is that interceptor done right, the control group: it passes
// every rule. Each mutant is the textbook with exactly one behaviour
// changed; All lists them with the rules each is designed to break. The
// harness's self-test runs them all and measures which rules each really
// fails.
//
// The package imports nothing of the harness but the adapter interface.
package mutants

import (
	"strings"

	"github.com/authconform/authconform/clients/go/adapter"
)

// Mutant is one known-bad client.
type Mutant struct {
	// ID is the stable name, as in the target go:M1.
	ID string
	// Name is a short title ("refresh through the interceptor").
	Name string
	// Pattern is one paragraph on the real-world pattern it reproduces.
	Pattern string
	// Breaks are the IDs of the rules it is designed to break. It is
	// documentation: the harness's self-test measures the real set.
	Breaks []string
	// New makes a fresh client.
	New adapter.Factory
}

// all is the registry, in ID order.
var all = []Mutant{m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m13, m14, m15, mLog, mRetry, mSilent, mLeak}

// All returns every mutant, in ID order: M1, M2, ... then LOG, RETRY,
// SILENT, LEAK. The slice is a copy.
func All() []Mutant {
	out := make([]Mutant, len(all))
	for i, m := range all {
		m.Breaks = append([]string(nil), m.Breaks...)
		out[i] = m
	}
	return out
}

// Lookup returns the mutant with the ID, ignoring case.
func Lookup(id string) (Mutant, bool) {
	for _, m := range all {
		if strings.EqualFold(m.ID, id) {
			m.Breaks = append([]string(nil), m.Breaks...)
			return m, true
		}
	}
	return Mutant{}, false
}

// Textbook makes the correct base client, the control group: single
// flight, a credential-generation check, one retry per request, refresh
// and logout sent with the raw client, logout on a terminal refresh
// failure, at most three attempts on transient ones, a refresh timeout,
// and credentials sent to the API's origin only.
func Textbook(cfg adapter.Config) (adapter.Client, error) {
	return newMutant(cfg, flaws{})
}

// newMutant makes the textbook client with flaws f.
func newMutant(cfg adapter.Config, f flaws) (adapter.Client, error) {
	c, err := newTextbook(cfg, f)
	if err != nil {
		return nil, err
	}
	return c, nil
}

var _ adapter.Factory = Textbook
