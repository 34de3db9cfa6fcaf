package process

import (
	"errors"
	"fmt"
	"strings"
)

// Split splits a command line into a program and its arguments the way a
// POSIX shell splits words, without running one: blanks separate words,
// single quotes keep everything literally, double quotes keep everything
// but a backslash before " or \, and a backslash outside quotes keeps the
// next character. Nothing is expanded ($VAR, ~, globs stay as written),
// and an unquoted shell operator (|, &&, ;, >, <) is an error, since no
// shell would run it: wrap such a command in sh -c '...'.
func Split(line string) ([]string, error) {
	var (
		words   []string
		word    strings.Builder
		inWord  bool // a word has started (an empty quoted word counts)
		quoted  bool // the current word has a quoted part
		quote   rune // the open quote, 0 outside quotes
		escaped bool // the previous character was a backslash
	)
	end := func() error {
		if !inWord {
			return nil
		}
		w := word.String()
		if !quoted && isOperator(w) {
			return fmt.Errorf("process: %q in %q is a shell operator, and the command is not run by a shell (use sh -c '...')", w, line)
		}
		words = append(words, w)
		word.Reset()
		inWord, quoted = false, false
		return nil
	}
	for _, r := range line {
		switch {
		case escaped:
			if quote == '"' && r != '"' && r != '\\' {
				word.WriteRune('\\') // inside double quotes only \" and \\ are escapes
			}
			word.WriteRune(r)
			escaped = false
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				word.WriteRune(r)
			}
		case quote == '"':
			switch r {
			case '"':
				quote = 0
			case '\\':
				escaped = true
			default:
				word.WriteRune(r)
			}
		case r == '\\':
			inWord, escaped, quoted = true, true, true
		case r == '\'' || r == '"':
			inWord, quoted, quote = true, true, r
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if err := end(); err != nil {
				return nil, err
			}
		default:
			inWord = true
			word.WriteRune(r)
		}
	}
	switch {
	case quote != 0:
		return nil, fmt.Errorf("process: unterminated %c quote in %q", quote, line)
	case escaped:
		return nil, fmt.Errorf("process: %q ends with a lone backslash", line)
	}
	if err := end(); err != nil {
		return nil, err
	}
	if len(words) == 0 {
		return nil, errEmptyCommand
	}
	return words, nil
}

var errEmptyCommand = errors.New("process: empty command line")

// isOperator reports whether an unquoted word is a shell control or
// redirection operator.
func isOperator(w string) bool {
	switch w {
	case "|", "||", "&", "&&", ";", ";;", ">", ">>", "<", "<<", "2>", "2>&1", "&>", "|&":
		return true
	}
	return false
}
