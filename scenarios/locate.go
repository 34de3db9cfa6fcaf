package scenarios

import (
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// maxDepth bounds every walk of a node tree, which aliases can make cyclic.
const maxDepth = 64

// deref follows aliases to the node they name.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxDepth; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// lookup finds key in the mapping m, also in maps merged into it with <<;
// budget bounds the maps it visits.
func lookup(m *yaml.Node, key string, depth int, budget *int) (k, v *yaml.Node) {
	m = deref(m)
	if *budget--; m == nil || m.Kind != yaml.MappingNode || depth > maxDepth || *budget < 0 {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key && m.Content[i].Tag != "!!merge" {
			return m.Content[i], m.Content[i+1]
		}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Tag != "!!merge" {
			continue
		}
		src := deref(m.Content[i+1])
		if src == nil {
			continue
		}
		srcs := []*yaml.Node{src}
		if src.Kind == yaml.SequenceNode {
			srcs = src.Content
		}
		for _, s := range srcs {
			if k, v := lookup(s, key, depth+1, budget); k != nil {
				return k, v
			}
		}
	}
	return nil, nil
}

// lineOf returns the line of the field f below root: the line of its key or
// list item, or, when the field is missing, of its nearest ancestor present.
func lineOf(root *yaml.Node, f string) int {
	n := deref(root)
	if n == nil {
		return 0
	}
	line := n.Line
	for _, elem := range splitField(f) {
		if i, ok := index(elem); ok {
			if n.Kind != yaml.SequenceNode || i >= len(n.Content) {
				break
			}
			n = deref(n.Content[i])
			if n == nil {
				break
			}
			line = n.Line
			continue
		}
		budget := maxVisits
		k, v := lookup(n, elem, 0, &budget)
		if k == nil {
			break
		}
		line = k.Line
		n = deref(v)
		if n == nil {
			break
		}
	}
	return line
}

// fieldAt finds, below n (whose field is base), the field whose key sits on
// line: the key equal to one of hints if there is one, else a key whose value
// equals a hint, else the first key on that line. It returns base when the
// line holds no key.
func fieldAt(n *yaml.Node, base string, line int, hints []string) string {
	type cand struct {
		f, key, value string
	}
	var cands []cand
	var walk func(n *yaml.Node, f string, depth int)
	walk = func(n *yaml.Node, f string, depth int) {
		if n == nil || depth > maxDepth || n.Line > line {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				kf := field(f, k.Value)
				if k.Line == line {
					c := cand{f: kf, key: k.Value}
					if v.Kind == yaml.ScalarNode {
						c.value = v.Value
					}
					cands = append(cands, c)
				}
				walk(v, kf, depth+1)
			}
		case yaml.SequenceNode:
			for i, item := range n.Content {
				if item.Kind == yaml.ScalarNode && item.Line == line {
					cands = append(cands, cand{f: field(f, i), value: item.Value})
				}
				walk(item, field(f, i), depth+1)
			}
		}
	}
	walk(n, base, 0)
	for _, h := range hints {
		for _, c := range cands {
			if c.key != "" && c.key == h {
				return c.f
			}
		}
	}
	for _, h := range hints {
		for _, c := range cands {
			if c.value == h {
				return c.f
			}
		}
	}
	for _, c := range cands {
		if c.key != "" {
			return c.f
		}
	}
	return base
}

var quoted = regexp.MustCompile("\"([^\"]*)\"|`([^`]*)`")

// hintsIn returns the quoted and back-quoted words of a message, which name
// the key or value it is about.
func hintsIn(msg string) []string {
	var hs []string
	for _, m := range quoted.FindAllStringSubmatch(msg, -1) {
		hs = append(hs, m[1]+m[2])
	}
	return hs
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if isNull(n) {
			return "nothing"
		}
		return "the scalar " + quote(n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "a document"
}

// quote quotes s for a message, shortened to its first 40 characters.
func quote(s string) string {
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "..."
	}
	return strconv.Quote(s)
}
