package fakeauth

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// UnmarshalYAML reads a step map, or a scalar naming an action without
// parameters. Errors carry the line of the offending key, in the form the
// YAML decoder merges into its own error list.
func (s *Step) UnmarshalYAML(n *yaml.Node) error {
	*s = Step{}
	switch n.Kind {
	case yaml.ScalarNode:
		if err := s.setAction(n.Value, nil); err != nil {
			return yamlErr(n, err.Error())
		}
		return nil
	case yaml.MappingNode:
	default:
		return yamlErr(n, "a step must be a map (times, when, delay and one action) or an action name")
	}
	var errs []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		var err error
		switch k.Value {
		case "times":
			if err = v.Decode(&s.Times); err == nil {
				err = checkTimes(s.Times)
			}
		case "when":
			s.When = &Match{}
			err = v.Decode(s.When)
		case "delay":
			err = v.Decode(&s.Delay)
		default:
			err = s.setAction(k.Value, func(a Action) error { return StrictYAML(v, a) })
		}
		if err != nil {
			errs = append(errs, yamlMessages(k, err)...)
		}
	}
	if len(errs) > 0 {
		return &yaml.TypeError{Errors: errs}
	}
	return nil
}

// MarshalYAML writes the step as the map UnmarshalYAML reads:
// {times: 2, delay: 10ms, respond: {...}}.
func (s Step) MarshalYAML() (any, error) { return s.asMap(), nil }

// UnmarshalYAML reads a match strictly: unknown keys are errors.
func (m *Match) UnmarshalYAML(n *yaml.Node) error {
	type plain Match
	return StrictYAML(n, (*plain)(m))
}

// StrictYAML decodes n into the struct out points to, refusing keys that are
// not among the struct's yaml tags. Its errors are *yaml.TypeError values
// whose messages start with "line N:", so a decoder merges them into its own.
func StrictYAML(n *yaml.Node, out any) error {
	if n.Kind == yaml.MappingNode {
		known := yamlFields(reflect.TypeOf(out))
		var errs []string
		for i := 0; i < len(n.Content); i += 2 {
			k := n.Content[i]
			if _, ok := known[k.Value]; !ok {
				errs = append(errs, fmt.Sprintf("line %d: field %q unknown here (want %s)", k.Line, k.Value, strings.Join(sortedKeys(known), ", ")))
			}
		}
		if len(errs) > 0 {
			return &yaml.TypeError{Errors: errs}
		}
	}
	return n.Decode(out)
}

func yamlFields(t reflect.Type) map[string]struct{} {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	m := map[string]struct{}{}
	if t.Kind() != reflect.Struct {
		return m
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		m[name] = struct{}{}
	}
	return m
}

func sortedKeys(m map[string]struct{}) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func yamlErr(n *yaml.Node, msg string) error {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %s", n.Line, msg)}}
}

// yamlMessages turns err into "line N: ..." messages, keeping those that
// already name a line.
func yamlMessages(at *yaml.Node, err error) []string {
	if te, ok := err.(*yaml.TypeError); ok {
		return te.Errors
	}
	return []string{fmt.Sprintf("line %d: %s: %v", at.Line, at.Value, err)}
}
