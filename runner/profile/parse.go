package profile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	loc "github.com/authconform/authconform/internal/located"
)

// maxFile bounds the size of a profile file; one is a few kilobytes.
const maxFile = 1 << 20

// Load reads the profile file at path; see Parse. Errors name the file by
// path as given.
func Load(path string) (Profile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return Profile{}, fmt.Errorf("profile: %s: %w", path, err)
	}
	return Parse(path, data)
}

// Parse reads a profile from data; name is used in errors and kept as the
// profile's Source.
//
// The data must hold exactly one YAML document, a map of the profile's
// fields; unknown keys are errors, and so is anything Validate finds. The
// api bodies may be any YAML that has a JSON form. Every error is an *Error
// naming the file, the line and the field, several joined with errors.Join
// in the order of their lines.
//
// The profile comes back as written, with its methods in upper case: call
// WithDefaults for the defaults.
func Parse(name string, data []byte) (Profile, error) {
	p, _, err := parse(name, data)
	return p, err
}

// parse is Parse that also returns the document's root map, to find lines.
func parse(name string, data []byte) (Profile, *yaml.Node, error) {
	fail := func(root *yaml.Node, probs ...*Error) (Profile, *yaml.Node, error) {
		return Profile{}, nil, located(name, root, probs)
	}
	if len(data) > maxFile {
		return fail(nil, &Error{Line: 1, Msg: "the file is larger than 1 MiB; a profile is a few kilobytes"})
	}
	if e := checkText(data); e != nil {
		return fail(nil, e)
	}
	root, e := document(data)
	if e != nil {
		return fail(nil, e)
	}
	var d decoder
	var p Profile
	d.value(root, reflect.ValueOf(&p).Elem(), nil, 0)
	if len(d.probs) > 0 {
		return fail(root, d.probs...)
	}
	p.Source = name
	for _, ep := range []*Endpoint{&p.Auth.Login, &p.Auth.Refresh, &p.Auth.Logout} {
		ep.Method = strings.ToUpper(ep.Method)
	}
	if probs := p.problems(); len(probs) > 0 {
		return fail(root, probs...)
	}
	return p, root, nil
}

// located sets the file, and the line of each problem that has none, and
// joins the problems into one error, in the order of their lines.
func located(name string, root *yaml.Node, probs []*Error) error {
	for _, p := range probs {
		p.File = name
		if p.Line == 0 && root != nil {
			p.Line = lineOf(root, p.at)
		}
		if p.Line == 0 {
			p.Line = 1
		}
	}
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Line < probs[j].Line })
	return join(probs)
}

// checkText refuses what the YAML reader would refuse without a line:
// invalid UTF-8 and control characters.
func checkText(data []byte) *Error {
	if line, msg := loc.CheckText(data); msg != "" {
		return &Error{Line: line, Msg: msg}
	}
	return nil
}

// document parses data into its one document's root node, which must be a
// map.
func document(data []byte) (*yaml.Node, *Error) {
	want := "want a profile: a map of " + strings.Join(sortedNames(yamlFields(reflect.TypeFor[Profile]())), ", ") +
		" (authconform profile init writes a starter)"
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{Line: 1, Msg: "the file is empty; " + want}
		}
		return nil, syntaxProblem(data, err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, &Error{Line: max(next.Line, 1), Msg: "a second YAML document (after a --- line); a file holds one profile"}
	case !errors.Is(err, io.EOF):
		return nil, syntaxProblem(data, err)
	}
	if len(doc.Content) == 0 || isNull(deref(doc.Content[0])) {
		return nil, &Error{Line: max(doc.Line, 1), Msg: "the document is empty; " + want}
	}
	root := doc.Content[0]
	if r := deref(root); r == nil || r.Kind != yaml.MappingNode {
		return nil, &Error{Line: root.Line, Msg: "the document is " + kindName(deref(root)) + "; " + want}
	}
	return deref(root), nil
}

// parserProblems are the messages of the YAML parser's errors (not its
// scanner's), whose line numbers it reports one too low.
var parserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"found undefined tag handle":             true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

var (
	lineMsg       = regexp.MustCompile(`^line ([0-9]+): (.*)$`)
	unknownAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)
)

// syntaxProblem turns a YAML syntax error ("yaml: line 3: found ...") into a
// problem on its line, with a hint when the line is indented with a tab.
func syntaxProblem(data []byte, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := lineMsg.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		if parserProblems[msg] {
			line++
		}
	}
	if m := unknownAnchor.FindStringSubmatch(msg); m != nil && line == 0 {
		line = lineWith(data, "*"+m[1])
	}
	lines := bytes.Split(data, []byte("\n"))
	line = min(max(line, 1), len(lines))
	l := lines[line-1]
	if indent := l[:len(l)-len(bytes.TrimLeft(l, " \t"))]; bytes.IndexByte(indent, '\t') >= 0 && !strings.Contains(msg, "tab") {
		msg += " (a tab in the indentation: YAML indents with spaces only)"
	}
	return &Error{Line: line, Msg: msg}
}

// lineWith returns the first line of data that contains s, or 0.
func lineWith(data []byte, s string) int {
	i := bytes.Index(data, []byte(s))
	if i < 0 {
		return 0
	}
	return bytes.Count(data[:i], []byte("\n")) + 1
}
