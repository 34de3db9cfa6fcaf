package scenarios

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/authconform/authconform/fakeauth"
)

var (
	idPattern    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	judgePattern = regexp.MustCompile(`^[A-Z]{2,3}-[0-9]+$`)
)

// Validate reports every problem of the scenario: an *Error, or several
// joined with errors.Join, or nil. It checks what the YAML decoder cannot:
// required fields, ranges, the server script (fakeauth.Script.Validate) and
// fields that only make sense together.
func (s Scenario) Validate() error { return join(s.problems()) }

// problems lists the scenario's problems in field order, each with Field
// set and File and Line left for the loader to fill in.
func (s Scenario) problems() []*Error {
	var v validator
	v.meta(s)
	v.server(s.Server)
	v.workload(s.Workload, s.Timing)
	v.timing(s.Timing)
	return v.probs
}

type validator struct{ probs []*Error }

func (v *validator) add(f string, format string, args ...any) {
	v.probs = append(v.probs, &Error{Field: f, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) meta(s Scenario) {
	switch {
	case s.ID == "":
		v.add("id", "required: the scenario's name, like slow-refresh")
	case !idPattern.MatchString(s.ID):
		v.add("id", "%q is not a valid id (want lower-case letters and digits in words joined by single hyphens, like slow-refresh)", s.ID)
	}
	switch {
	case strings.TrimSpace(s.Title) == "":
		v.add("title", "required: a one-line name for reports")
	case strings.ContainsAny(strings.TrimSpace(s.Title), "\r\n"):
		v.add("title", "must be one line")
	}
	if strings.TrimSpace(s.Description) == "" {
		v.add("description", "required: what the server does and what a correct client must do")
	}
	if len(s.Judges) == 0 {
		v.add("judges", "required: the IDs of the rules the scenario judges, like [SF-1, RP-1]")
	}
	seen := map[string]int{}
	for i, j := range s.Judges {
		f := field("judges", i)
		if !judgePattern.MatchString(j) {
			v.add(f, "%q is not a rule ID (want two or three capitals, a hyphen and a number, like SF-1)", j)
			continue
		}
		if first, dup := seen[j]; dup {
			v.add(f, "%s is listed twice (also judges[%d])", j, first)
			continue
		}
		seen[j] = i
	}
}

// server checks the script part by part with fakeauth's own validation, so
// that every broken step is reported rather than only the first.
func (v *validator) server(sc fakeauth.Script) {
	n := len(v.probs)
	if err := (fakeauth.Script{Rotation: sc.Rotation}).Validate(); err != nil {
		v.fakeauthErr("server", err)
	}
	v.nonNegative("server.access_ttl", sc.AccessTTL)
	v.nonNegative("server.refresh_ttl", sc.RefreshTTL)
	eps := make([]string, 0, len(sc.Behaviours))
	for ep := range sc.Behaviours {
		eps = append(eps, string(ep))
	}
	sort.Strings(eps)
	for _, name := range eps {
		ep := fakeauth.Endpoint(name)
		if !knownEndpoint(ep) {
			err := fakeauth.Script{Behaviours: map[fakeauth.Endpoint][]fakeauth.Step{ep: nil}}.Validate()
			msg := fmt.Sprintf("unknown endpoint %q", name)
			if err != nil {
				_, msg = splitHead(err.Error())
			}
			v.add(field("server", "behaviours", name), "%s", msg)
			continue
		}
		for i, st := range sc.Behaviours[ep] {
			f := field("server", "behaviours", name, i)
			v.nonNegative(field(f, "delay"), st.Delay)
			if err := st.Validate(); err != nil {
				v.fakeauthErr(f, err)
			}
		}
	}
	if len(v.probs) > n {
		return
	}
	// Whatever fakeauth checks beyond the parts above.
	if err := sc.Validate(); err != nil {
		v.fakeauthErr("server", err)
	}
}

func knownEndpoint(ep fakeauth.Endpoint) bool {
	for _, e := range fakeauth.Endpoints {
		if e == ep {
			return true
		}
	}
	return false
}

// fakeauthErr adds an error of fakeauth's, whose message starts with the
// path of the field below base ("behaviours.refresh[1].respond: ...").
func (v *validator) fakeauthErr(base string, err error) {
	head, msg := splitHead(err.Error())
	v.add(field(base, head), "%s", msg)
}

var pathPattern = regexp.MustCompile(`^[a-z_]+(\[[0-9]+\])*(\.[a-z_]+(\[[0-9]+\])*)*$`)

// splitHead splits "behaviours.refresh[1].respond: status 0 ..." into the
// path and the message; a message without a leading path comes back whole.
func splitHead(msg string) (head, rest string) {
	msg = strings.TrimPrefix(msg, "fakeauth: ")
	h, r, ok := strings.Cut(msg, ": ")
	if !ok || !pathPattern.MatchString(h) {
		return "", msg
	}
	return h, r
}

func (v *validator) nonNegative(f string, d fakeauth.Duration) {
	if d < 0 {
		v.add(f, "%s must not be negative", d)
	}
}

func (v *validator) workload(w Workload, t Timing) {
	seen := map[Op]int{}
	for i, op := range w.Setup {
		f := field("workload", "setup", i)
		if !op.valid() {
			v.add(f, "unknown operation %q (want %s)", op, opList())
			continue
		}
		if first, dup := seen[op]; dup {
			v.add(f, "%s is listed twice (also setup[%d])", op, first)
			continue
		}
		seen[op] = i
	}
	if w.Burst < 1 {
		v.add("workload.burst", "must be at least 1")
	}
	v.nonNegative("workload.stagger", w.Stagger)
	v.nonNegative("workload.late_after", w.LateAfter)
	switch {
	case w.Late < 0:
		v.add("workload.late", "must not be negative")
	case w.Late > 0 && w.LateAfter == 0:
		v.add("workload.late_after", "required when late is more than 0: when the late requests are fired, like 100ms")
	case w.Late == 0 && w.LateAfter != 0:
		v.add("workload.late_after", "set, but late is 0: there are no late requests")
	case w.Late > 0 && t.Deadline > 0 && w.LateAfter >= t.Deadline:
		v.add("workload.late_after", "%s is not before timing.deadline (%s)", w.LateAfter, t.Deadline)
	}
	if w.After < 0 {
		v.add("workload.after", "must not be negative")
	}
	if w.Foreign < 0 {
		v.add("workload.foreign", "must not be negative")
	}
	for i, p := range w.Paths {
		f := field("workload", "paths", i)
		switch {
		case !strings.HasPrefix(p, "/"):
			v.add(f, "%q must start with /", p)
		case strings.ContainsAny(p, " \t\r\n?#"):
			v.add(f, "%q must be a plain path, without spaces, query or fragment", p)
		}
	}
}

func (v *validator) timing(t Timing) {
	switch {
	case t.Deadline == 0:
		v.add("timing.deadline", "required: the time every client request has to settle, like 3s")
	case t.Deadline < 0:
		v.add("timing.deadline", "must be more than 0")
	}
	switch {
	case t.Quiet == 0:
		v.add("timing.quiet", "required: the window watched after everything settled, like 300ms")
	case t.Quiet < 0:
		v.add("timing.quiet", "must be more than 0")
	}
}

func opList() string {
	names := make([]string, len(Ops))
	for i, o := range Ops {
		names[i] = string(o)
	}
	return strings.Join(names, ", ")
}
