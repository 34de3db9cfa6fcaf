// Package target names the clients the suite can test and makes their
// drivers: "go", "go:M1", and the kinds other packages register.
//
// Each kind of target lives in its own file and registers itself, so adding
// a driver does not touch the others.
package target

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/runner"
)

// Target is a client under test, as named on the command line: "go",
// "go:M1", "exec:python my_client.py".
type Target struct {
	// Name is the target as given ("go:M1").
	Name string
	// Kind is the part before the first colon ("go").
	Kind string
	// Variant is the part after it ("M1"), if any.
	Variant string
}

// Kind is a kind of target.
type Kind struct {
	// Name is what a target name starts with ("go").
	Name string
	// Usage lists the forms of this kind's targets with a line of help
	// each, for --help and `authconform list`.
	Usage []Usage
	// Driver makes the driver of a variant ("" for the bare kind). Its
	// errors say what is allowed and how to fix what is missing.
	Driver func(variant string) (runner.Driver, error)
	// Close releases what the kind's drivers share (a browser); may be nil.
	Close func() error
	// Kill is Close without grace, for a process about to exit; nil means
	// Close.
	Kill func() error
	// Concurrency is how many runs of this kind should run at once on this
	// machine (0: no limit of its own). A browser tab costs a fraction of
	// a core; a run starved of CPU misses the deadlines it is judged by.
	Concurrency int
	// Style, when set, returns the only credential style a target of the
	// kind speaks (its variant given).
	Style func(variant string) (fakeauth.Style, error)
}

// Usage is one form of target with its help.
type Usage struct {
	Name string `json:"name"`
	Help string `json:"help"`
}

var (
	mu    sync.Mutex
	kinds = map[string]Kind{}
)

// Register adds a kind of target; called from init in each kind's file.
func Register(k Kind) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := kinds[k.Name]; dup {
		panic("target: kind registered twice: " + k.Name)
	}
	kinds[k.Name] = k
}

// Kinds lists the registered kinds, sorted by name.
func Kinds() []Kind {
	mu.Lock()
	defer mu.Unlock()
	out := make([]Kind, 0, len(kinds))
	for _, k := range kinds {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func names() string {
	var ns []string
	for _, k := range Kinds() {
		ns = append(ns, k.Name)
	}
	return strings.Join(ns, ", ")
}

// ParseList reads a comma-separated target list. An exec target's command
// may not contain a comma.
func ParseList(s string) ([]Target, error) {
	var out []Target
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		t, err := Parse(part)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("target: no target given (want one of the kinds %s, e.g. go or go:M1)", names())
	}
	return out, nil
}

// Parse reads one target name and checks that its driver can be made.
func Parse(s string) (Target, error) {
	kind, variant, _ := strings.Cut(s, ":")
	t := Target{Name: s, Kind: kind, Variant: variant}
	if _, err := t.Driver(); err != nil {
		return Target{}, err
	}
	return t, nil
}

// Driver returns the driver that runs the target.
func (t Target) Driver() (runner.Driver, error) {
	mu.Lock()
	k, ok := kinds[t.Kind]
	mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("target: unknown target %q (want one of the kinds %s, e.g. go or go:M1)", t.Name, names())
	}
	return k.Driver(t.Variant)
}

// CloseAll releases what every kind's drivers share. Call it once the
// suite is done, and when it is interrupted.
func CloseAll() error {
	var errs []string
	for _, k := range Kinds() {
		if k.Close != nil {
			if err := k.Close(); err != nil {
				errs = append(errs, k.Name+": "+err.Error())
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("target: closing: %s", strings.Join(errs, "; "))
	}
	return nil
}

// Style is the only credential style the target speaks ("" when it speaks
// every style): a third-party app speaks the one its profile names.
func (t Target) Style() (fakeauth.Style, error) {
	mu.Lock()
	k := kinds[t.Kind]
	mu.Unlock()
	if k.Style == nil {
		return "", nil
	}
	return k.Style(t.Variant)
}

// Concurrency is how many runs of the target's kind should run at once (0:
// no limit of its own).
func (t Target) Concurrency() int {
	mu.Lock()
	defer mu.Unlock()
	return kinds[t.Kind].Concurrency
}

// KillAll is CloseAll without grace: for a suite whose parent died, which
// must leave nothing behind in the moments it has left.
func KillAll() error {
	var errs []string
	for _, k := range Kinds() {
		kill := k.Kill
		if kill == nil {
			kill = k.Close
		}
		if kill != nil {
			if err := kill(); err != nil {
				errs = append(errs, k.Name+": "+err.Error())
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("target: killing: %s", strings.Join(errs, "; "))
	}
	return nil
}
