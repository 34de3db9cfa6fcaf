package scenarios

import (
	"strconv"
	"strings"

	loc "github.com/authconform/authconform/internal/located"
)

// Error is one problem with a scenario, located as precisely as the loader
// can: Error() reads
//
//	scenarios: slow-refresh.yaml:12: workload.burst: must be at least 1
//
// and leaves out what is unknown (no file for a scenario built in Go, no
// field for a YAML syntax error). Parse and Validate return an *Error, or
// several joined with errors.Join, one per line; so does LoadDir for what is
// wrong inside the files it reads.
type Error struct {
	// File is the name the scenario was read from ("" when none).
	File string
	// Line is the 1-based line in File (0 when unknown).
	Line int
	// Field is the dotted path of the field, as in workload.burst or
	// server.behaviours.refresh[1].respond ("" when the problem is not a
	// field's).
	Field string
	// Msg says what is wrong and, where it helps, what is wanted.
	Msg string
}

func (e *Error) Error() string { return loc.Format("scenarios", e.File, e.Line, e.Field, e.Msg) }

// join returns nil, the one problem, or the problems joined with
// errors.Join, one per line.
func join(probs []*Error) error { return loc.Join(probs) }

// field builds dotted field paths: field("server", "behaviours", "refresh",
// 1) is "server.behaviours.refresh[1]".
func field(elems ...any) string {
	var b strings.Builder
	for _, e := range elems {
		switch e := e.(type) {
		case int:
			b.WriteString("[" + strconv.Itoa(e) + "]")
		case string:
			if e == "" {
				continue
			}
			if b.Len() > 0 && !strings.HasPrefix(e, "[") {
				b.WriteByte('.')
			}
			b.WriteString(e)
		}
	}
	return b.String()
}

// splitField is the inverse of field: "a.b[1].c" gives "a", "b", "[1]", "c".
func splitField(f string) []string {
	var out []string
	for _, part := range strings.Split(f, ".") {
		for part != "" {
			i := strings.IndexByte(part[1:], '[')
			if i < 0 {
				out = append(out, part)
				break
			}
			out = append(out, part[:i+1])
			part = part[i+1:]
		}
	}
	return out
}

// index reports whether a path element is a list index ("[3]") and which.
func index(elem string) (int, bool) {
	s, ok := strings.CutPrefix(elem, "[")
	if !ok {
		return 0, false
	}
	s, ok = strings.CutSuffix(s, "]")
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(s)
	return i, err == nil && i >= 0
}
