package fakeauth

// Drop resets the connection without answering, as a crashed upstream or a
// load balancer cutting a request does. The client sees a network error
// ("connection reset by peer" or "EOF").
type Drop struct{}

func init() { register(func() Action { return &Drop{} }) }

// Name is "drop".
func (*Drop) Name() string { return "drop" }

// Validate accepts every Drop.
func (*Drop) Validate() error { return nil }

// Apply resets the connection.
func (*Drop) Apply(x *Exchange) { x.drop() }
