package fakeauth

// Drop resets the connection without answering, as a crashed upstream or a
// load balancer cutting a request does. The client sees a network error
// ("connection reset by peer" or "EOF"). While a script holds a drop step,
// every answer of the server closes its connection, so clients that resend
// a request whose reused connection was reset (browsers do) meet the drop
// on a fresh connection and report it instead of resending.
type Drop struct{}

func init() { register(func() Action { return &Drop{} }) }

// Name is "drop".
func (*Drop) Name() string { return "drop" }

// Validate accepts every Drop.
func (*Drop) Validate() error { return nil }

// Apply resets the connection.
func (*Drop) Apply(x *Exchange) { x.drop() }
