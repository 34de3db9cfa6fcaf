package scenarios

import (
	"encoding"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The shape check walks the document next to the Go types it decodes into,
// before the decoder does, so that every unknown key and every value of the
// wrong type is reported with its field path and line. The YAML decoder
// alone names no field, and stops at the first bad duration without a line.

var (
	unmarshalerType     = reflect.TypeFor[yaml.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

type shapeChecker struct {
	probs  []*Error
	deep   bool // tooDeep has reported
	visits int  // nodes checked, aliases counted each time they are followed
}

// maxVisits bounds the nodes a check visits: a scenario has about a hundred,
// while aliases that merge aliases can expand a short file exponentially.
const maxVisits = 20000

func (c *shapeChecker) add(line int, f, msg string) {
	c.probs = append(c.probs, &Error{Line: line, Field: f, Msg: msg})
}

// check reports where n does not fit the type t; f is n's field path.
func (c *shapeChecker) check(n *yaml.Node, t reflect.Type, f string, depth int) {
	n = deref(n)
	if n == nil || c.tooDeep(n, f, depth) {
		return
	}
	pt := reflect.PointerTo(t)
	switch {
	case pt.Implements(unmarshalerType):
		c.decode(n, t, f, true)
	case pt.Implements(textUnmarshalerType):
		c.decode(n, t, f, false)
	case t.Kind() == reflect.Struct:
		c.structure(n, t, f, depth)
	case t.Kind() == reflect.Slice:
		if isNull(n) {
			return
		}
		if n.Kind != yaml.SequenceNode {
			c.add(n.Line, f, "want a list, got "+kindName(n))
			return
		}
		for i, item := range n.Content {
			c.check(item, t.Elem(), field(f, i), depth+1)
		}
	case t.Kind() == reflect.Map:
		c.mapping(n, t, f, depth)
	default:
		c.decode(n, t, f, false)
	}
}

// tooDeep reports, once, a document nested deeper or expanding larger than
// any scenario, which only aliases achieve.
func (c *shapeChecker) tooDeep(n *yaml.Node, f string, depth int) bool {
	c.visits++
	if depth <= maxDepth && c.visits <= maxVisits {
		return false
	}
	if !c.deep {
		c.deep = true
		c.add(n.Line, f, "the document nests or expands too far (aliases or merges that contain themselves or repeat each other?)")
	}
	return true
}

// structure checks a map against the yaml-tagged fields of the struct t.
func (c *shapeChecker) structure(n *yaml.Node, t reflect.Type, f string, depth int) {
	if isNull(n) || c.tooDeep(n, f, depth) {
		return
	}
	fields := yamlFields(t)
	if n.Kind != yaml.MappingNode {
		c.add(n.Line, f, "want a map of "+strings.Join(sortedNames(fields), ", ")+"; got "+kindName(n))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Tag == "!!merge" {
			c.merge(v, t, f, depth)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			c.add(k.Line, f, "a key must be a name; got "+kindName(k))
			continue
		}
		kf := field(f, k.Value)
		if first, dup := seen[k.Value]; dup {
			c.add(k.Line, kf, "defined twice (first at line "+strconv.Itoa(first)+")")
			continue
		}
		seen[k.Value] = k.Line
		ft, ok := fields[k.Value]
		if !ok {
			c.add(k.Line, kf, "unknown field (want "+strings.Join(sortedNames(fields), ", ")+")")
			continue
		}
		c.check(v, ft, kf, depth+1)
	}
}

// merge checks the maps merged into a struct's map with <<.
func (c *shapeChecker) merge(v *yaml.Node, t reflect.Type, f string, depth int) {
	v = deref(v)
	if v == nil {
		return
	}
	if v.Kind == yaml.SequenceNode {
		for _, item := range v.Content {
			c.structure(deref(item), t, f, depth+1)
		}
		return
	}
	c.structure(v, t, f, depth+1)
}

// mapping checks a map's keys and values against the map type t.
func (c *shapeChecker) mapping(n *yaml.Node, t reflect.Type, f string, depth int) {
	if isNull(n) || c.tooDeep(n, f, depth) {
		return
	}
	if n.Kind != yaml.MappingNode {
		c.add(n.Line, f, "want a map, got "+kindName(n))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), n.Content[i+1]
		if k == nil {
			continue
		}
		kf := field(f, k.Value)
		if k.Tag == "!!merge" {
			c.add(k.Line, kf, "merge keys (<<) are not supported here")
			continue
		}
		if first, dup := seen[k.Value]; dup {
			c.add(k.Line, kf, "defined twice (first at line "+strconv.Itoa(first)+")")
			continue
		}
		seen[k.Value] = k.Line
		c.check(k, t.Key(), kf, depth+1)
		c.check(v, t.Elem(), kf, depth+1)
	}
}

// decode decodes n into a fresh value of type t and reports what fails.
// Types with their own UnmarshalYAML (deep, like fakeauth.Step) report lines
// inside n; the field is then found from the line.
func (c *shapeChecker) decode(n *yaml.Node, t reflect.Type, f string, deep bool) {
	err := n.Decode(reflect.New(t).Interface())
	if err == nil {
		return
	}
	te, ok := err.(*yaml.TypeError)
	if !ok {
		c.add(n.Line, f, tidy(strings.TrimPrefix(err.Error(), "yaml: ")))
		return
	}
	for _, msg := range te.Errors {
		line, rest := splitLine(msg)
		if line == 0 {
			line = n.Line
		}
		ff := f
		if deep {
			ff = fieldAt(n, f, line, hintsIn(rest))
			// Drop a key the message repeats ("delay: invalid duration").
			for _, e := range splitField(strings.TrimPrefix(ff, f)) {
				if r, ok := strings.CutPrefix(rest, e+": "); ok {
					rest = r
					break
				}
			}
		}
		c.add(line, ff, tidy(rest))
	}
}

var unknownHere = regexp.MustCompile(`^field "[^"]*" unknown here`)

// tidy words the messages of fakeauth's decoders like the loader's own.
func tidy(msg string) string {
	msg = strings.TrimPrefix(msg, "fakeauth: ")
	msg = strings.TrimPrefix(msg, "yaml: ")
	return unknownHere.ReplaceAllLiteralString(msg, "unknown field")
}

// splitLine splits "line 12: msg" into 12 and msg.
func splitLine(msg string) (int, string) {
	s, ok := strings.CutPrefix(msg, "line ")
	if !ok {
		return 0, msg
	}
	num, rest, ok := strings.Cut(s, ": ")
	if !ok {
		return 0, msg
	}
	line, err := strconv.Atoi(num)
	if err != nil {
		return 0, msg
	}
	return line, rest
}

// yamlFields maps the yaml names of a struct's fields to their types.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(sf.Name)
		}
		m[name] = sf.Type
	}
	return m
}

func sortedNames(m map[string]reflect.Type) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
