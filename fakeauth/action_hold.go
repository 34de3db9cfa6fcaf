package fakeauth

import "fmt"

// DefaultHoldMax is how long Hold waits for a refresh when Max is not given.
const DefaultHoldMax = 5 * Duration(1e9)

// Hold keeps the request until a refresh succeeds after it arrived (the
// first refresh answered with success from then on, even one already in
// flight), then lets the server answer as itself. A request
// sent with the old access token is thus answered 401 only after the client
// already holds a new one: the "late 401". If no refresh succeeds within Max,
// the request is answered as itself then.
type Hold struct {
	// Max bounds the wait for a refresh (default DefaultHoldMax).
	Max Duration `json:"max,omitempty" yaml:"max,omitempty"`
	// Lag is waited after the refresh succeeded, before the answer: the
	// client has then surely taken in its new credential, so the 401 is
	// late from its point of view too.
	Lag Duration `json:"lag,omitempty" yaml:"lag,omitempty"`
}

func init() { register(func() Action { return &Hold{} }) }

// Name is "hold".
func (*Hold) Name() string { return "hold" }

// Validate accepts every Hold with a non-negative Max.
func (a *Hold) Validate() error {
	if a.Max < 0 {
		return fmt.Errorf("hold: max must not be negative")
	}
	if a.Lag < 0 {
		return fmt.Errorf("hold: lag must not be negative")
	}
	return nil
}

// Apply waits for the next successful refresh, then passes.
func (a *Hold) Apply(x *Exchange) {
	max := a.Max
	if max == 0 {
		max = DefaultHoldMax
	}
	if x.waitRefresh(max.D()) && x.wait(a.Lag.D()) {
		x.Pass()
	}
}
