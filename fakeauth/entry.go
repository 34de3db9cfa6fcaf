package fakeauth

import (
	"encoding/json"
	"fmt"
	"time"
)

// Kind classifies a request by the part of the contract it hit.
type Kind uint8

// The kinds of request, as recorded in the journal.
const (
	KindOther Kind = iota
	KindLogin
	KindRefresh
	KindLogout
	KindMe
	KindAPI
	KindPreflight
	KindControl
)

var kindNames = [...]string{"other", "login", "refresh", "logout", "me", "api", "preflight", "control"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", k)
}

// MarshalText writes the kind's name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind's name.
func (k *Kind) UnmarshalText(b []byte) error { return parseName(b, kindNames[:], (*uint8)(k), "kind") }

// Cred says what credential a request carried and what the server made of it.
// For a refresh the server answers as itself, it is the token's state when
// the server used it, after any scripted delay: a token that a concurrent
// refresh rotated meanwhile was presented spent.
// For a refresh or logout request it is the refresh token; for every other
// request the access token.
type Cred uint8

// The credential states, as recorded in the journal.
const (
	// CredNone: the request carried no credential.
	CredNone Cred = iota
	// CredValid: a credential the server accepted.
	CredValid
	// CredExpired: a well-formed credential past its expiry, or expired on purpose.
	CredExpired
	// CredRevoked: a credential of a revoked session or family.
	CredRevoked
	// CredSpent: a rotated refresh token that was already used once.
	CredSpent
	// CredDisabled: a credential of a disabled account.
	CredDisabled
	// CredInvalid: garbage, a bad signature, or a token the server never issued.
	CredInvalid
)

var credNames = [...]string{"none", "valid", "expired", "revoked", "spent", "disabled", "invalid"}

func (c Cred) String() string {
	if int(c) < len(credNames) {
		return credNames[c]
	}
	return fmt.Sprintf("cred(%d)", c)
}

// MarshalText writes the credential state's name.
func (c Cred) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads a credential state's name.
func (c *Cred) UnmarshalText(b []byte) error {
	return parseName(b, credNames[:], (*uint8)(c), "credential state")
}

// Outcome says how a request ended on the server side.
type Outcome uint8

// The outcomes, as recorded in the journal.
const (
	// OutcomeAnswered: the server wrote a response (Entry.Status says which).
	OutcomeAnswered Outcome = iota
	// OutcomeDropped: the server reset the connection on purpose.
	OutcomeDropped
	// OutcomeHung: the script held the request until the server closed.
	OutcomeHung
	// OutcomeAbandoned: the client went away before the server answered.
	OutcomeAbandoned
)

var outcomeNames = [...]string{"answered", "dropped", "hung", "abandoned"}

func (o Outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return fmt.Sprintf("outcome(%d)", o)
}

// MarshalText writes the outcome's name.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText reads an outcome's name.
func (o *Outcome) UnmarshalText(b []byte) error {
	return parseName(b, outcomeNames[:], (*uint8)(o), "outcome")
}

func parseName(b []byte, names []string, dst *uint8, what string) error {
	for i, n := range names {
		if n == string(b) {
			*dst = uint8(i)
			return nil
		}
	}
	return fmt.Errorf("fakeauth: unknown %s %q", what, b)
}

// Entry is one request as the server saw it. Entries are compact values: the
// strings point at data net/http already allocated.
type Entry struct {
	// Seq numbers requests in order of arrival, from 1.
	Seq uint64
	// Start and End are monotonic offsets from the server's start (or its
	// last Reset): when the request arrived and when the server finished it.
	Start, End time.Duration
	Method     string
	// Path is the request target as sent: the path and the query.
	Path string
	// Action is the name of the step's action ("respond", "hang", ...), or
	// "" when the server answered as itself.
	Action string
	// Session is the session the credential belongs to (0: none or unknown).
	Session uint32
	// Generation is the credential generation the request carried: 1 for the
	// tokens issued at login, one more for each refresh (0: none).
	Generation uint32
	// Status is the HTTP status written (0 when none was).
	Status uint16
	// Step is the index of the script step applied to the request, or -1
	// when the server answered as itself.
	Step    int16
	Kind    Kind
	Cred    Cred
	Outcome Outcome
}

// Duration is how long the server took over the request.
func (e Entry) Duration() time.Duration { return e.End - e.Start }

type entryJSON struct {
	Seq        uint64  `json:"seq"`
	StartMS    float64 `json:"start_ms"`
	EndMS      float64 `json:"end_ms"`
	Method     string  `json:"method"`
	Path       string  `json:"path"`
	Kind       Kind    `json:"kind"`
	Cred       Cred    `json:"cred"`
	Session    uint32  `json:"session,omitempty"`
	Generation uint32  `json:"generation,omitempty"`
	Step       *int16  `json:"step,omitempty"`
	Action     string  `json:"action,omitempty"`
	Status     uint16  `json:"status,omitempty"`
	Outcome    Outcome `json:"outcome"`
}

// MarshalJSON writes the entry with named kinds and times in milliseconds.
func (e Entry) MarshalJSON() ([]byte, error) {
	j := entryJSON{
		Seq: e.Seq, StartMS: ms(e.Start), EndMS: ms(e.End), Method: e.Method, Path: e.Path,
		Kind: e.Kind, Cred: e.Cred, Session: e.Session, Generation: e.Generation,
		Action: e.Action, Status: e.Status, Outcome: e.Outcome,
	}
	if e.Step >= 0 {
		step := e.Step
		j.Step = &step
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (e *Entry) UnmarshalJSON(b []byte) error {
	var j entryJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*e = Entry{
		Seq: j.Seq, Start: fromMS(j.StartMS), End: fromMS(j.EndMS), Method: j.Method, Path: j.Path,
		Kind: j.Kind, Cred: j.Cred, Session: j.Session, Generation: j.Generation, Step: -1,
		Action: j.Action, Status: j.Status, Outcome: j.Outcome,
	}
	if j.Step != nil {
		e.Step = *j.Step
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func fromMS(f float64) time.Duration { return time.Duration(f * float64(time.Millisecond)) }

// String is a one-line summary used in timelines and test failures:
// "#3 +12.1ms..+40.0ms refresh POST /auth/refresh cred=valid s1 g1 → 200".
func (e Entry) String() string {
	s := fmt.Sprintf("#%d +%.1fms..+%.1fms %s %s %s cred=%s", e.Seq, ms(e.Start), ms(e.End), e.Kind, e.Method, e.Path, e.Cred)
	if e.Session != 0 {
		s += fmt.Sprintf(" s%d g%d", e.Session, e.Generation)
	}
	if e.Action != "" {
		s += fmt.Sprintf(" step%d:%s", e.Step, e.Action)
	}
	if e.Outcome == OutcomeAnswered {
		return s + fmt.Sprintf(" → %d", e.Status)
	}
	return s + " → " + e.Outcome.String()
}
