package fakeauth

// Pass lets the server answer as itself: it is what a step does when it names
// no other action, so a step with only a delay slows the real answer down.
type Pass struct{}

func init() { register(func() Action { return &Pass{} }) }

// Name is "pass".
func (*Pass) Name() string { return "pass" }

// Validate accepts every Pass.
func (*Pass) Validate() error { return nil }

// Apply answers as the server would without a script.
func (*Pass) Apply(x *Exchange) { x.Pass() }
