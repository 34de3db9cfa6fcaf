package reports

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/authconform/authconform/conformance"
)

// svgBuf writes SVG markup. Numbers are rounded to a tenth of a pixel so
// the output is small and the same on every machine.
type svgBuf struct{ strings.Builder }

// printf writes markup; %s arguments must already be escaped (esc).
func (s *svgBuf) printf(format string, args ...any) { fmt.Fprintf(s, format, args...) }

// esc escapes text for SVG (XML) content and attributes.
func esc(s string) string { return html.EscapeString(s) }

// num formats a pixel value.
func num(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "0"
	}
	return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64)
}

// rect writes a rectangle with a class and an optional tooltip.
func (s *svgBuf) rect(class string, x, y, w, h float64, title string) {
	if w < 1 {
		x, w = x-(1-w)/2, 1 // a 0.1 ms request stays visible
	}
	if title == "" {
		s.printf(`<rect class="%s" x="%s" y="%s" width="%s" height="%s"/>`, class, num(x), num(y), num(w), num(h))
		return
	}
	s.printf(`<rect class="%s" x="%s" y="%s" width="%s" height="%s"><title>%s</title></rect>`,
		class, num(x), num(y), num(w), num(h), esc(title))
}

// line writes a line with a class.
func (s *svgBuf) line(class string, x1, y1, x2, y2 float64) {
	s.printf(`<line class="%s" x1="%s" y1="%s" x2="%s" y2="%s"/>`, class, num(x1), num(y1), num(x2), num(y2))
}

// text writes a text with a class; anchor is start, middle or end.
func (s *svgBuf) text(class string, x, y float64, anchor, text string) {
	a := ""
	if anchor != "start" {
		a = ` text-anchor="` + anchor + `"`
	}
	s.printf(`<text class="%s" x="%s" y="%s"%s>%s</text>`, class, num(x), num(y), a, esc(text))
}

// textWidth estimates the width of a label at the timeline's small font.
func textWidth(s string) float64 { return 5.6 * float64(utf8.RuneCountInString(s)) }

// clipText shortens s to n runes with an ellipsis in the middle.
func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	head := (n - 1) / 2
	return string(r[:head]) + "…" + string(r[len(r)-(n-1-head):])
}

// unanswered: the server wrote no answer the client read.
func unanswered(q conformance.Request) bool {
	return q.Outcome == "dropped" || q.Outcome == "hung" || q.Outcome == "abandoned"
}

// reqClass is the CSS class of a journal request by how it was answered.
func reqClass(q conformance.Request) string {
	switch {
	case unanswered(q) || q.Status == 0:
		return "qx"
	case q.Status == 401:
		return "q401"
	case q.Status < 400:
		return "q2"
	case q.Status < 500:
		return "q4"
	}
	return "q5"
}

// reqResult says how a journal request ended: "401", "hung".
func reqResult(q conformance.Request) string {
	if unanswered(q) || q.Status == 0 {
		if q.Outcome == "" {
			return "no answer"
		}
		return q.Outcome
	}
	return strconv.Itoa(q.Status)
}

// reqTitle is a journal request's tooltip.
func reqTitle(q conformance.Request) string {
	sg := ""
	if q.Session != 0 || q.Generation != 0 {
		sg = fmt.Sprintf(" s%d g%d", q.Session, q.Generation)
	}
	t := fmt.Sprintf("%s %s %s · %s%s · %s · +%s → +%s", q.Kind, q.Method, q.Path, q.Cred, sg, reqResult(q),
		fmtDur(q.Start), fmtDur(q.End))
	if q.Action != "" {
		t += " · script: " + q.Action
	}
	return t
}

// callTitle is a client call's tooltip.
func callTitle(c conformance.Call) string {
	how := ""
	switch c.Outcome {
	case conformance.OutcomePending:
		return fmt.Sprintf("call %s (%s) %s %s · issued +%s · PENDING at the deadline", c.ID, c.Phase, c.Method, c.Path, fmtDur(c.Start))
	case conformance.OutcomeOK:
		how = fmt.Sprintf("ok %d", c.Status)
	default:
		how = "error"
		if c.Status != 0 {
			how += " " + strconv.Itoa(c.Status)
		}
		if c.Error != "" {
			how += ": " + c.Error
		}
	}
	return fmt.Sprintf("call %s (%s) %s %s · +%s → +%s · %s", c.ID, c.Phase, c.Method, c.Path, fmtDur(c.Start), fmtDur(c.End), how)
}

// pathOnly drops a path's query.
func pathOnly(p string) string {
	if i := strings.IndexByte(p, '?'); i >= 0 {
		return p[:i]
	}
	return p
}
