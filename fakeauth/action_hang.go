package fakeauth

// Hang never answers: it holds the request until the client gives up or the
// server closes. The journal records it as hung or abandoned.
type Hang struct{}

func init() { register(func() Action { return &Hang{} }) }

// Name is "hang".
func (*Hang) Name() string { return "hang" }

// Validate accepts every Hang.
func (*Hang) Validate() error { return nil }

// Apply waits for the end of the request or of the server.
func (*Hang) Apply(x *Exchange) { x.waitForever() }
