package profile

import _ "embed"

//go:embed starter.yaml
var starter []byte

// Starter returns a commented starter profile: every field, with what it
// does and its default, the two modes, a login through a form with the
// script alternative beside it, and the evidence an app can offer. Its
// values fit the reference web app; it parses without error. Each call
// returns a fresh copy.
func Starter() []byte {
	return append([]byte(nil), starter...)
}
