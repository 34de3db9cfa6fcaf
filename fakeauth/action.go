package fakeauth

import (
	"fmt"
	"sort"
	"strings"
)

// An Action decides how the server answers a request that a script step took.
// Actions are small types, one file each, registered by name; their
// parameters are JSON- and YAML-tagged fields, so scenario files, the control
// API and Go code share one struct.
type Action interface {
	// Name is the name the action is registered under ("respond", "hang", ...).
	Name() string
	// Validate reports a parameter the action cannot work with.
	Validate() error
	// Apply answers the request.
	Apply(x *Exchange)
}

var actions = map[string]func() Action{}

// register makes an action available under its name; called from init in
// each action's file.
func register(f func() Action) {
	name := f().Name()
	if _, dup := actions[name]; dup {
		panic("fakeauth: action registered twice: " + name)
	}
	actions[name] = f
}

// NewAction returns a fresh action with default parameters by name.
func NewAction(name string) (Action, error) {
	f, ok := actions[name]
	if !ok {
		return nil, fmt.Errorf("fakeauth: unknown action %q (want one of %s)", name, strings.Join(ActionNames(), ", "))
	}
	return f(), nil
}

// ActionNames lists the registered actions, sorted.
func ActionNames() []string {
	names := make([]string, 0, len(actions))
	for n := range actions {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
