package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	loc "github.com/authconform/authconform/internal/located"
)

// Parse reads one scenario file. name is used in errors and kept as the
// scenario's Source; when it ends in .yaml or .yml, the scenario's id must
// equal its base name without the extension.
//
// The file must hold exactly one YAML document, a map of the scenario's
// fields; unknown keys are errors. Every error is an *Error naming the file,
// the line and the field, several joined with errors.Join.
func Parse(name string, data []byte) (Scenario, error) {
	s, _, err := parse(name, data)
	return s, err
}

// parse is Parse that also returns the document's root map, to find lines.
func parse(name string, data []byte) (Scenario, *yaml.Node, error) {
	fail := func(probs ...*Error) (Scenario, *yaml.Node, error) {
		return Scenario{}, nil, located(name, nil, probs)
	}
	if p := checkText(data); p != nil {
		return fail(p)
	}
	root, p := document(data)
	if p != nil {
		return fail(p)
	}
	var c shapeChecker
	c.check(root, reflect.TypeFor[Scenario](), "", 0)
	if len(c.probs) > 0 {
		return fail(c.probs...)
	}
	var s Scenario
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		// The shape check should have caught it; say what the decoder said.
		return fail(decodeProblems(root, err)...)
	}
	s.Source = name
	probs := s.problems()
	if want, ok := idFromName(name); ok && s.ID != "" && s.ID != want {
		probs = append(probs, &Error{Field: "id", Msg: fmt.Sprintf(
			"%q differs from the file name (want id: %s, or rename the file to %s.yaml)", s.ID, want, s.ID)})
	}
	if len(probs) > 0 {
		return Scenario{}, nil, located(name, root, probs)
	}
	return s, root, nil
}

// located sets the file, and the line of each problem that has none, and
// joins the problems into one error, in the order of their lines.
func located(name string, root *yaml.Node, probs []*Error) error {
	for _, p := range probs {
		p.File = name
		if p.Line == 0 && root != nil {
			p.Line = lineOf(root, p.Field)
		}
		if p.Line == 0 {
			p.Line = 1
		}
	}
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Line < probs[j].Line })
	return join(probs)
}

// idFromName returns the id a file name asks for: its base name without
// .yaml or .yml.
func idFromName(name string) (string, bool) {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	for _, ext := range []string{".yaml", ".yml"} {
		if id, ok := strings.CutSuffix(base, ext); ok {
			return id, true
		}
	}
	return "", false
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
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{Line: 1, Msg: "the file is empty; want a scenario map (" + topFields() + ")"}
		}
		return nil, syntaxProblem(data, err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, &Error{Line: next.Line, Msg: "a second YAML document; a file holds one scenario"}
	case !errors.Is(err, io.EOF):
		return nil, syntaxProblem(data, err)
	}
	if len(doc.Content) == 0 || isNull(doc.Content[0]) {
		return nil, &Error{Line: max(doc.Line, 1), Msg: "the document is empty; want a scenario map (" + topFields() + ")"}
	}
	root := doc.Content[0]
	if r := deref(root); r == nil || r.Kind != yaml.MappingNode {
		return nil, &Error{Line: root.Line, Msg: "the document is " + kindName(root) + "; want a scenario map (" + topFields() + ")"}
	}
	return root, nil
}

func topFields() string {
	return strings.Join(sortedNames(yamlFields(reflect.TypeFor[Scenario]())), ", ")
}

// parserProblems are the messages of yaml.v3's parser errors (not its
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

// syntaxProblem turns a YAML syntax error ("yaml: line 3: found ...") into a
// problem on its line, with a hint when the line is indented with a tab.
func syntaxProblem(data []byte, err error) *Error {
	line, msg := splitLine(strings.TrimPrefix(err.Error(), "yaml: "))
	if line > 0 && parserProblems[msg] {
		line++ // yaml.v3 counts the lines of parser errors from 0
	}
	if m := unknownAnchor.FindStringSubmatch(msg); m != nil && line == 0 {
		line = lineWith(data, "*"+m[1])
	}
	if line == 0 {
		line = 1
	}
	if lines := bytes.Split(data, []byte("\n")); line <= len(lines) {
		l := lines[line-1]
		indent := l[:len(l)-len(bytes.TrimLeft(l, " \t"))]
		if bytes.IndexByte(indent, '\t') >= 0 {
			msg += " (a tab in the indentation: YAML indents with spaces only)"
		}
	}
	return &Error{Line: line, Msg: msg}
}

var unknownAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)

// lineWith returns the first line of data that contains s, or 0.
func lineWith(data []byte, s string) int {
	i := bytes.Index(data, []byte(s))
	if i < 0 {
		return 0
	}
	return bytes.Count(data[:i], []byte("\n")) + 1
}

// decodeProblems turns a decoder error into problems, finding each one's
// field from its line.
func decodeProblems(root *yaml.Node, err error) []*Error {
	te, ok := err.(*yaml.TypeError)
	if !ok {
		return []*Error{{Line: root.Line, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}}
	}
	probs := make([]*Error, 0, len(te.Errors))
	for _, msg := range te.Errors {
		line, rest := splitLine(msg)
		if line == 0 {
			line = root.Line
		}
		probs = append(probs, &Error{Line: line, Field: fieldAt(root, "", line, hintsIn(rest)), Msg: rest})
	}
	return probs
}
