package profile

import (
	"encoding/json"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The decoder walks the document next to the Go types it fills, so that
// every unknown key and every value of the wrong type is reported with its
// field and line, rather than the first one only and without a field, as
// the YAML decoder would. It also turns the api bodies into JSON, which the
// YAML decoder cannot do.

var apiType = reflect.TypeFor[map[string]json.RawMessage]()

// maxJSON bounds the JSON the api bodies expand to: aliases can make a short
// file expand to gigabytes.
const maxJSON = 1 << 20

type decoder struct {
	probs   []*Error
	visits  int
	stopped bool // stop has reported
	written int  // bytes of api bodies written
	// body is the api entry being written, where a body that expands too
	// far is reported: the node the walk stopped at, deep in an alias,
	// would say little.
	body *entry
}

func (d *decoder) add(line int, f path, msg string) {
	d.probs = append(d.probs, &Error{Line: line, Field: f.String(), Msg: msg})
}

// visit counts a node and reports, once, a document that nests or expands
// further than any profile does, which only aliases achieve.
func (d *decoder) visit(n *yaml.Node, f path, depth int) bool {
	d.visits++
	if depth <= maxDepth && d.visits <= maxVisits {
		return true
	}
	d.stop(n, f, "the document nests or expands too far (aliases or merges that contain themselves or repeat each other?)")
	return false
}

// stop reports the first reason to stop walking the document.
func (d *decoder) stop(n *yaml.Node, f path, msg string) {
	if d.stopped {
		return
	}
	d.stopped = true
	if d.body != nil {
		d.add(d.body.k.Line, fields("api").key(d.body.k.Value), msg)
		return
	}
	d.add(n.Line, f, msg)
}

// value fills v from the node n; f is v's field path.
func (d *decoder) value(n *yaml.Node, v reflect.Value, f path, depth int) {
	at := n // an alias is reported where it is used
	if n = deref(n); n == nil || !d.visit(at, f, depth) || isNull(n) {
		return
	}
	switch t := v.Type(); {
	case t == apiType:
		d.api(n, v, f, depth)
	case t.Kind() == reflect.Struct:
		d.structure(n, v, f, depth)
	case t.Kind() == reflect.Map:
		d.mapping(n, v, f, depth)
	case t.Kind() == reflect.Slice:
		d.list(n, v, f, depth)
	default:
		d.scalar(n, v, f)
	}
}

// structure fills the struct v from a map of its yaml-tagged fields.
func (d *decoder) structure(n *yaml.Node, v reflect.Value, f path, depth int) {
	fields := yamlFields(v.Type())
	names := sortedNames(fields)
	if n.Kind != yaml.MappingNode {
		d.add(n.Line, f, "want a map of "+strings.Join(names, ", ")+"; got "+kindName(n))
		return
	}
	for _, e := range d.entries(n, f, depth) {
		kf := f.key(e.k.Value)
		i, ok := fields[e.k.Value]
		if !ok {
			msg := "unknown field (want " + strings.Join(names, ", ") + ")"
			if s := suggest(e.k.Value, names); s != "" {
				msg = "unknown field; did you mean " + s + "? (want " + strings.Join(names, ", ") + ")"
			}
			d.add(e.k.Line, kf, msg)
			continue
		}
		d.value(e.v, v.Field(i), kf, depth+1)
	}
}

// mapping fills a map with string keys.
func (d *decoder) mapping(n *yaml.Node, v reflect.Value, f path, depth int) {
	if n.Kind != yaml.MappingNode {
		d.add(n.Line, f, "want a map, got "+kindName(n))
		return
	}
	m := reflect.MakeMap(v.Type())
	for _, e := range d.entries(n, f, depth) {
		ev := reflect.New(v.Type().Elem()).Elem()
		d.value(e.v, ev, f.key(e.k.Value), depth+1)
		m.SetMapIndex(reflect.ValueOf(e.k.Value), ev)
	}
	v.Set(m)
}

func (d *decoder) list(n *yaml.Node, v reflect.Value, f path, depth int) {
	if n.Kind != yaml.SequenceNode {
		msg := "want a list, got " + kindName(n)
		if n.Kind == yaml.ScalarNode && n.Style == 0 && !strings.ContainsAny(n.Value, ",[]{}#\n") {
			msg += " (write [" + n.Value + "] for a list of one)"
		}
		d.add(n.Line, f, msg)
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		d.value(item, s.Index(i), f.at(i), depth+1)
	}
	v.Set(s)
}

// scalar fills a string or a number.
func (d *decoder) scalar(n *yaml.Node, v reflect.Value, f path) {
	want := "a string"
	if v.Kind() == reflect.Int {
		want = "a whole number"
	}
	if n.Kind != yaml.ScalarNode {
		d.add(n.Line, f, "want "+want+", got "+kindName(n))
		return
	}
	if v.Kind() == reflect.String {
		// Any scalar reads as the text it is written with: 5173, true
		// or 2024-01-01 are strings here.
		v.SetString(n.Value)
		return
	}
	if err := n.Decode(v.Addr().Interface()); err != nil {
		msg := "want " + want + ", got " + kindName(n)
		if _, err := strconv.Atoi(n.Value); err == nil && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			msg += " (a quoted number is a string: drop the quotes)"
		}
		d.add(n.Line, f, msg)
	}
}

type entry struct{ k, v *yaml.Node }

// entries lists the keys and values of the map n, with the maps merged into
// it with <<: a key of n's own wins over a merged one, and an earlier merged
// map over a later one. It reports keys that are not scalars and keys
// defined twice, and leaves them out.
func (d *decoder) entries(n *yaml.Node, f path, depth int) []entry {
	var own, merged []entry
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), n.Content[i+1]
		switch {
		case k == nil:
			continue
		case isMerge(k):
			merged = append(merged, d.merged(v, f, depth)...)
			continue
		case k.Kind != yaml.ScalarNode:
			d.add(k.Line, f, "a key must be a name; got "+kindName(k))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.add(k.Line, f.key(k.Value), "defined twice (first at line "+strconv.Itoa(first)+")")
			continue
		}
		seen[k.Value] = k.Line
		own = append(own, entry{k, v})
	}
	for _, e := range merged {
		if _, dup := seen[e.k.Value]; !dup {
			seen[e.k.Value] = e.k.Line
			own = append(own, e)
		}
	}
	return own
}

// merged returns the entries of the maps a merge key (<<) names: one map or
// a list of maps.
func (d *decoder) merged(v *yaml.Node, f path, depth int) []entry {
	v = deref(v)
	if v == nil || !d.visit(v, f, depth+1) {
		return nil
	}
	srcs := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		srcs = v.Content
	}
	var out []entry
	for _, s := range srcs {
		s = deref(s)
		if s == nil || s.Kind != yaml.MappingNode {
			d.add(v.Line, f, "<< merges maps; got "+kindName(s))
			continue
		}
		if !d.visit(s, f, depth+1) {
			return out
		}
		for _, e := range d.entries(s, f, depth+1) {
			if !containsKey(out, e.k.Value) {
				out = append(out, e)
			}
		}
	}
	return out
}

func containsKey(es []entry, k string) bool {
	for _, e := range es {
		if e.k.Value == k {
			return true
		}
	}
	return false
}

// yamlFields maps the yaml names of a struct's fields to their indexes.
func yamlFields(t reflect.Type) map[string]int {
	m := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if !sf.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(sf.Name)
		}
		m[name] = i
	}
	return m
}

func sortedNames(m map[string]int) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// suggest returns the name of names that key was probably meant to be:
// the same but for case, hyphens and underscores, or one or two letters
// off; or "".
func suggest(key string, names []string) string {
	norm := func(s string) string {
		return strings.NewReplacer("_", "", "-", "", " ", "").Replace(strings.ToLower(s))
	}
	for _, n := range names {
		if norm(n) == norm(key) {
			return n
		}
	}
	if len(key) < 3 {
		return ""
	}
	best, bestD := "", 3
	for _, n := range names {
		if d := distance(n, key); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// distance is the Levenshtein distance of a and b, in bytes.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
