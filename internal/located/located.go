// Package located formats the errors of the project's file loaders
// (scenario files, app profiles): each names the file, the line and the
// field, and leaves out what is unknown.
package located

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
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

// CheckText finds what a YAML reader refuses without saying where: invalid
// UTF-8 and control characters. It returns the line of the first, and what
// is wrong ("" when nothing is).
func CheckText(data []byte) (line int, msg string) {
	line = 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return line, "the file is not valid UTF-8 (save it as UTF-8)"
		case r == '\n':
			line++
		case r == '\t' || r == '\r' || r == 0x85,
			r >= 0x20 && r <= 0x7E,
			r >= 0xA0 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000:
		default:
			return line, fmt.Sprintf("control character %U is not allowed in YAML", r)
		}
		i += size
	}
	return 0, ""
}
