package profile

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"

	"go.yaml.in/yaml/v3"
)

// api fills the api map: each key a path, each value any YAML that has a
// JSON form, written down as JSON.
func (d *decoder) api(n *yaml.Node, v reflect.Value, f path, depth int) {
	if n.Kind != yaml.MappingNode {
		d.add(n.Line, f, "want a map of paths to JSON bodies, like /api/items: [{id: 1}]; got "+kindName(n))
		return
	}
	m := map[string]json.RawMessage{}
	for _, e := range d.entries(n, f, depth) {
		var b bytes.Buffer
		d.body = &e
		d.toJSON(e.v, f.key(e.k.Value), depth+1, &b)
		m[e.k.Value] = json.RawMessage(b.Bytes())
		d.written += b.Len()
		d.body = nil
	}
	v.Set(reflect.ValueOf(m))
}

// toJSON writes the node n as JSON to b, and reports what JSON cannot hold:
// keys that are not strings, infinities, binary data, unknown tags.
func (d *decoder) toJSON(n *yaml.Node, f path, depth int, b *bytes.Buffer) {
	n = deref(n)
	if n == nil {
		b.WriteString("null")
		return
	}
	if d.written+b.Len() > maxJSON {
		d.stop(n, f, "the api bodies expand to more than 1 MiB of JSON (aliases repeating each other?)")
		return
	}
	if !d.visit(n, f, depth) {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		b.WriteByte('{')
		for i, e := range d.entries(n, f, depth) {
			if i > 0 {
				b.WriteByte(',')
			}
			kf := f.key(e.k.Value)
			if tag := e.k.ShortTag(); tag != "!!str" {
				d.add(e.k.Line, kf, "the key "+quote(e.k.Value)+" is read as "+tagName(tag)+", and JSON keys are strings: quote it in the YAML")
			}
			writeString(b, e.k.Value)
			b.WriteByte(':')
			d.toJSON(e.v, kf, depth+1, b)
		}
		b.WriteByte('}')
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, item := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			d.toJSON(item, f.at(i), depth+1, b)
		}
		b.WriteByte(']')
	default:
		d.jsonScalar(n, f, b)
	}
}

func (d *decoder) jsonScalar(n *yaml.Node, f path, b *bytes.Buffer) {
	switch tag := n.ShortTag(); tag {
	case "!!str", "!!timestamp":
		// A date stays the text it is written with.
		writeString(b, n.Value)
	case "!!null":
		b.WriteString("null")
	case "!!bool", "!!int":
		var v any
		if err := n.Decode(&v); err != nil {
			d.add(n.Line, f, "want "+tagName(tag)+", got "+kindName(n))
			return
		}
		out, _ := json.Marshal(v)
		b.Write(out)
	case "!!float":
		var v float64
		if err := n.Decode(&v); err != nil {
			d.add(n.Line, f, "want a number, got "+kindName(n))
			return
		}
		if math.IsInf(v, 0) || math.IsNaN(v) {
			d.add(n.Line, f, quote(n.Value)+" has no JSON form (JSON has no infinity or NaN): quote it for a string")
			return
		}
		out, _ := json.Marshal(v)
		b.Write(out)
	default:
		d.add(n.Line, f, "the tag "+tag+" has no JSON form: remove it, or quote the value for a string")
	}
}

// writeString writes s as a JSON string, with <, > and & as they are.
func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	b.Truncate(b.Len() - 1) // Encode's newline
}

func tagName(tag string) string {
	switch tag {
	case "!!int":
		return "a whole number"
	case "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "null"
	case "!!timestamp":
		return "a date"
	case "!!str":
		return "a string"
	}
	return "tagged " + tag
}
