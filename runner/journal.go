package runner

import (
	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/fakeauth"
)

// journalRequests turns the fake server's journal into evidence, leaving out
// the control calls.
func journalRequests(snap fakeauth.Snapshot) []conformance.Request {
	out := make([]conformance.Request, 0, len(snap.Entries))
	for _, e := range snap.Entries {
		if e.Kind == fakeauth.KindControl {
			continue
		}
		out = append(out, conformance.Request{
			Seq:        e.Seq,
			Start:      e.Start,
			End:        e.End,
			Kind:       e.Kind.String(),
			Method:     e.Method,
			Path:       e.Path,
			Call:       conformance.CallOf(e.Path),
			Cred:       e.Cred.String(),
			Session:    e.Session,
			Generation: e.Generation,
			Status:     int(e.Status),
			Outcome:    e.Outcome.String(),
			Action:     e.Action,
		})
	}
	return out
}
