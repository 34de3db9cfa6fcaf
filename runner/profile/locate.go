package profile

import (
	"strconv"

	"go.yaml.in/yaml/v3"
)

// Limits of every walk of a node tree: aliases can make one cyclic, or
// expand a short file exponentially, while a profile has a few dozen nodes.
const (
	maxDepth  = 64
	maxVisits = 20000
)

// deref follows aliases to the node they name.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxDepth; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func isMerge(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge"
}

// lineOf returns the line of the field p below root: the line of its key
// or list item or, when the field is missing, of its nearest ancestor
// present (the document's first line for a missing top-level field).
func lineOf(root *yaml.Node, p path) int {
	n := deref(root)
	if n == nil {
		return 0
	}
	line := n.Line
	budget := maxVisits
	for _, s := range p {
		if s.index >= 0 {
			if n.Kind != yaml.SequenceNode || s.index >= len(n.Content) {
				break
			}
			if n = deref(n.Content[s.index]); n == nil {
				break
			}
			line = n.Line
			continue
		}
		k, v := lookup(n, s.key, 0, &budget)
		if k == nil {
			break
		}
		line = k.Line
		if n = deref(v); n == nil {
			break
		}
	}
	return line
}

// lookup finds key in the mapping m, also in maps merged into it with <<;
// budget bounds the maps it visits.
func lookup(m *yaml.Node, key string, depth int, budget *int) (k, v *yaml.Node) {
	m = deref(m)
	if *budget--; m == nil || m.Kind != yaml.MappingNode || depth > maxDepth || *budget < 0 {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := deref(m.Content[i]); k != nil && !isMerge(k) && k.Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if !isMerge(m.Content[i]) {
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

// kindName says what a node is, for messages: "a map", "a list",
// "nothing", "the scalar \"x\"".
func kindName(n *yaml.Node) string {
	switch {
	case n == nil:
		return "nothing"
	case n.Kind == yaml.MappingNode:
		return "a map"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case isNull(n):
		return "nothing"
	case n.Kind == yaml.ScalarNode:
		return "the scalar " + quote(n.Value)
	case n.Kind == yaml.AliasNode:
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
