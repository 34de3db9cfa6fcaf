package fakeauth

import "time"

// Clock tells the time used for token expiry. The journal's times do not use
// it: they are always real, monotonic offsets.
type Clock interface {
	Now() time.Time
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }
