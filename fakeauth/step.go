package fakeauth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Step is one step of an endpoint's script: which requests it takes (When),
// how many (Times), how long it waits first (Delay), and what it does then
// (Action; nil means Pass).
//
// In YAML and JSON a step is a map with the action's name as a key:
//
//   - times: 2
//     respond: {status: 503, error: temporarily_unavailable}
//   - delay: 300ms          # no action: the real answer, late
//   - hang                  # an action without parameters may stand alone
type Step struct {
	// Times is how many requests the step takes before the next step's turn;
	// 0 means every request from then on.
	Times int
	// When restricts the step to matching requests; the others are answered
	// by the server as itself and do not count toward Times.
	When *Match
	// Delay is waited before the action.
	Delay Duration
	// Action answers the request; nil means Pass.
	Action Action
}

// Match selects requests by what they carry.
type Match struct {
	// Cred: the request's credential state is one of these.
	Cred []Cred `json:"cred,omitempty" yaml:"cred,omitempty"`
	// Method: the request's method (any when empty).
	Method string `json:"method,omitempty" yaml:"method,omitempty"`
	// Path: the request's path, or a prefix when it ends in "*".
	Path string `json:"path,omitempty" yaml:"path,omitempty"`
}

func (m *Match) matches(cred Cred, method, path string) bool {
	if m == nil {
		return true
	}
	if len(m.Cred) > 0 {
		ok := false
		for _, c := range m.Cred {
			ok = ok || c == cred
		}
		if !ok {
			return false
		}
	}
	if m.Method != "" && !strings.EqualFold(m.Method, method) {
		return false
	}
	if m.Path != "" {
		if p, ok := strings.CutSuffix(m.Path, "*"); ok {
			return strings.HasPrefix(path, p)
		}
		return path == m.Path
	}
	return true
}

// ActionName is the name of the step's action ("pass" when it has none).
func (s Step) ActionName() string {
	if s.Action == nil {
		return "pass"
	}
	return s.Action.Name()
}

// Validate reports the first problem of the step.
func (s Step) Validate() error {
	if err := checkTimes(s.Times); err != nil {
		return fmt.Errorf("times: %w", err)
	}
	if s.Action != nil {
		if err := s.Action.Validate(); err != nil {
			return err
		}
	}
	return nil
}

func checkTimes(n int) error {
	if n < 0 {
		return fmt.Errorf("%d is negative (want 0 for every request, or a count)", n)
	}
	return nil
}

// String describes the step in one line, as in `times 2: respond 503`.
func (s Step) String() string {
	var b strings.Builder
	if s.Times > 0 {
		fmt.Fprintf(&b, "times %d: ", s.Times)
	}
	if s.Delay > 0 {
		fmt.Fprintf(&b, "delay %s, ", s.Delay)
	}
	b.WriteString(s.ActionName())
	if r, ok := s.Action.(*Respond); ok {
		fmt.Fprintf(&b, " %d", r.Status)
		if r.Error != "" {
			b.WriteString(" " + r.Error)
		}
	}
	return b.String()
}

// stepKeys are the keys of a step map that are not action names.
var stepKeys = []string{"times", "when", "delay"}

// MarshalJSON writes {"times":2,"delay":"10ms","respond":{...}}.
func (s Step) MarshalJSON() ([]byte, error) { return json.Marshal(s.asMap()) }

// asMap is the step as the map its JSON and YAML forms share.
func (s Step) asMap() map[string]any {
	m := map[string]any{}
	if s.Times != 0 {
		m["times"] = s.Times
	}
	if s.When != nil {
		m["when"] = s.When
	}
	if s.Delay != 0 {
		m["delay"] = s.Delay
	}
	if s.Action != nil {
		m[s.Action.Name()] = s.Action
	}
	return m
}

// UnmarshalJSON reads a step map, or a string naming an action without
// parameters ("hang"). Unknown keys and unknown action parameters are errors.
func (s *Step) UnmarshalJSON(b []byte) error {
	var name string
	if json.Unmarshal(b, &name) == nil {
		*s = Step{}
		return s.setAction(name, nil)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("step: want a map or an action name: %w", err)
	}
	*s = Step{}
	for k, v := range m {
		var err error
		switch k {
		case "times":
			if err = json.Unmarshal(v, &s.Times); err == nil {
				err = checkTimes(s.Times)
			}
		case "when":
			s.When = &Match{}
			err = strictJSON(v, s.When)
		case "delay":
			err = json.Unmarshal(v, &s.Delay)
		default:
			err = s.setAction(k, func(a Action) error { return strictJSON(v, a) })
		}
		if err != nil {
			return fmt.Errorf("step %s: %w", k, err)
		}
	}
	return nil
}

// setAction sets the step's action by name, decoding its parameters with
// decode when given. A second action in one step is an error.
func (s *Step) setAction(name string, decode func(Action) error) error {
	if s.Action != nil {
		return fmt.Errorf("a step takes one action; this one has both %q and %q", s.Action.Name(), name)
	}
	a, ok := actions[name]
	if !ok {
		return fmt.Errorf("unknown step field or action %q (want %s, or one action: %s)",
			name, strings.Join(stepKeys, ", "), strings.Join(ActionNames(), ", "))
	}
	s.Action = a()
	if decode != nil {
		return decode(s.Action)
	}
	return nil
}

func strictJSON(b []byte, v any) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}
