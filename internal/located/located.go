// Package located formats the errors of the project's file loaders
// (scenario files, app profiles): each names the file, the line and the
// field, and leaves out what is unknown.
package located

import (
	"errors"
	"strconv"
	"strings"
)

// Format returns "prefix: file:line: field: msg", without the file (and
// line) when file is "", the line when it is 0, and the field when it is "".
func Format(prefix, file string, line int, field, msg string) string {
	var b strings.Builder
	b.WriteString(prefix + ": ")
	if file != "" {
		b.WriteString(file)
		if line > 0 {
			b.WriteString(":" + strconv.Itoa(line))
		}
		b.WriteString(": ")
	}
	if field != "" {
		b.WriteString(field + ": ")
	}
	b.WriteString(msg)
	return b.String()
}

// Join returns nil, the one problem, or the problems joined with
// errors.Join, one per line.
func Join[E error](probs []E) error {
	switch len(probs) {
	case 0:
		return nil
	case 1:
		return probs[0]
	}
	errs := make([]error, len(probs))
	for i, p := range probs {
		errs[i] = p
	}
	return errors.Join(errs...)
}
