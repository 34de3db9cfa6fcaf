package profile

import (
	"regexp"
	"strconv"
	"strings"

	loc "github.com/authconform/authconform/internal/located"
)

// Error is one problem with a profile, located as precisely as the loader
// can. Error() reads
//
//	profile: app.yaml:7: login.submit: required with login.fill
//
// and leaves out what is unknown (no file and line for a profile built in
// Go, no field for a YAML syntax error). Parse, Load and Validate return an
// *Error, or several joined with errors.Join, in the order of their lines.
type Error struct {
	// File is the name the profile was read from ("" when none).
	File string
	// Line is the 1-based line in File (0 when unknown).
	Line int
	// Field is the path of the field, as in login.submit, storage_keys[1]
	// or login.fill["#email"] ("" when the problem is not a field's).
	Field string
	// Msg says what is wrong and what to do about it.
	Msg string

	// at is the field whose line locates the problem when it is not
	// Field's own (a missing field is found at a sibling or parent).
	at path
}

func (e *Error) Error() string { return loc.Format("profile", e.File, e.Line, e.Field, e.Msg) }

// join returns nil, the one problem, or the problems joined with
// errors.Join, one per line.
func join(probs []*Error) error { return loc.Join(probs) }

// A path names a field: struct fields and map keys by name, list items by
// index.
type path []step

type step struct {
	key   string
	index int // a list index, or -1 for a key
}

// key returns p with the key k appended; p itself is not changed.
func (p path) key(k string) path {
	return append(p[:len(p):len(p)], step{key: k, index: -1})
}

// at returns p with the list index i appended.
func (p path) at(i int) path {
	return append(p[:len(p):len(p)], step{index: i})
}

// fields builds a path of keys: fields("login", "submit").
func fields(keys ...string) path {
	var p path
	for _, k := range keys {
		p = p.key(k)
	}
	return p
}

var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// String writes the path as in auth.login.path, storage_keys[1] or
// api["/api/items"][0].name: keys that are not plain names are quoted in
// brackets, so that selectors and paths read as what they are.
func (p path) String() string {
	var b strings.Builder
	for _, s := range p {
		switch {
		case s.index >= 0:
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
		case plainKey.MatchString(s.key):
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.key)
		default:
			b.WriteString("[" + strconv.Quote(s.key) + "]")
		}
	}
	return b.String()
}
