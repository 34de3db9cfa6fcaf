package reports

import (
	"fmt"
	"slices"
	"time"

	"github.com/authconform/authconform/conformance"
)

// mark is a labelled time drawn as a line across the lanes.
type mark struct {
	t     time.Duration
	class string
	label string
}

// render writes the planned lanes under the round marks, over a shared axis.
func (p *plot) render() string {
	top := tlMarksH
	bottom := top
	for _, l := range p.lanes {
		bottom += l.h
	}
	height := bottom + tlAxisH
	var s svgBuf
	s.printf(`<svg xmlns="http://www.w3.org/2000/svg" class="tl" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-label="%s">`,
		num(tlWidth), num(height), num(tlWidth), num(height), esc("timeline of "+p.ev.Scenario+" · "+p.ev.Target+" · "+p.ev.Style))
	p.background(&s, top, bottom)
	y := top
	for i, l := range p.lanes {
		if i%2 == 1 {
			s.rect("zebra", 0, y, tlWidth, l.h, "")
		}
		if l.title != "" {
			s.printf(`<text class="lane" x="4" y="%s"><title>%s</title>%s</text>`, num(y+min(l.h, tlRowH)/2+4), esc(l.title), esc(l.label))
		} else {
			s.text("lane", 4, y+min(l.h, tlRowH)/2+4, "start", l.label)
		}
		y += l.h
	}
	p.marks(&s, top, bottom)
	y = top
	for _, l := range p.lanes {
		l.draw(&s, y)
		y += l.h
	}
	p.axisLine(&s, bottom)
	s.WriteString("</svg>")
	return s.String()
}

// background shades the cut stretches, and over them the quiet windows.
func (p *plot) background(s *svgBuf, top, bottom float64) {
	for _, c := range p.ax.cuts() {
		s.rect("cut", c.x0, top, c.x1-c.x0, bottom-top+6, fmt.Sprintf("%s with nothing starting or ending, drawn short", fmtDur(c.t1-c.t0)))
	}
	for _, rd := range p.ev.Rounds {
		if rd.QuietEnd > rd.Settled && rd.Settled > 0 {
			x0, x1 := p.ax.x(rd.Settled), p.ax.x(rd.QuietEnd)
			s.rect("quiet", x0, top, x1-x0, bottom-top, fmt.Sprintf("quiet window: %s after the requests settled", fmtDur(rd.QuietEnd-rd.Settled)))
		}
	}
}

// roundMarks lists the marks of the rounds, and the starts of refresh and
// logout calls when there are few.
func (p *plot) roundMarks() []mark {
	var ms []mark
	prefix := func(rd conformance.Round) string {
		if len(p.ev.Rounds) > 1 {
			return fmt.Sprintf("r%d ", rd.N)
		}
		return ""
	}
	for _, rd := range p.ev.Rounds {
		pre := prefix(rd)
		ms = append(ms, mark{rd.Start, "mlogin", pre + "login"})
		if rd.Burst > 0 {
			ms = append(ms, mark{rd.Burst, "mburst", pre + "burst"})
		}
		if rd.DeadlineAt > 0 && rd.DeadlineAt <= p.ax.tmax() {
			ms = append(ms, mark{rd.DeadlineAt, "mdeadline", pre + "deadline"})
		}
		if rd.QuietEnd > rd.Settled && rd.Settled > 0 {
			ms = append(ms, mark{rd.Settled, "mquiet", pre + "quiet"})
		}
		if rd.End > 0 {
			ms = append(ms, mark{rd.End, "mend", pre + "end"})
		}
	}
	for _, k := range []string{"refresh", "logout"} {
		var qs []conformance.Request
		for _, q := range p.ev.Server {
			if q.Kind == k {
				qs = append(qs, q)
			}
		}
		if len(qs) <= maxMarks {
			for _, q := range qs {
				ms = append(ms, mark{q.Start, "m" + k, k})
			}
		}
	}
	slices.SortStableFunc(ms, func(a, b mark) int { return cmpDur(a.t, b.t) })
	return ms
}

// marks draws the marks as lines across the lanes, their labels above in
// two rows (a label that fits in neither is left to the tooltip), and a
// deadline beyond the axis as a note at the right end.
func (p *plot) marks(s *svgBuf, top, bottom float64) {
	var rows [2]labelRow
	for _, rd := range p.ev.Rounds {
		if rd.DeadlineAt > p.ax.tmax() {
			note := fmt.Sprintf("deadline +%s →", fmtDur(rd.DeadlineAt))
			s.text("ml mdeadline", tlWidth-4, 23, "end", note)
			rows[1].take(tlWidth-4-textWidth(note), tlWidth)
			break
		}
	}
	for _, m := range p.roundMarks() {
		x := p.ax.x(m.t)
		if m.class != "mquiet" { // the shading shows it
			s.printf(`<line class="%s" x1="%s" y1="%s" x2="%s" y2="%s"><title>%s</title></line>`,
				m.class, num(x), num(top-4), num(x), num(bottom), esc(m.label+" at +"+fmtDur(m.t)))
		}
		w := textWidth(m.label)
		for r := range rows {
			if rows[r].take(x-w/2-2, x+w/2+2) {
				s.text("ml "+m.class, x, 11+float64(r)*12, "middle", m.label)
				break
			}
		}
	}
}

// labelRow is a row of labels: the spans taken.
type labelRow [][2]float64

// take takes the span [x0, x1] if it is free.
func (r *labelRow) take(x0, x1 float64) bool {
	for _, s := range *r {
		if x0 < s[1] && s[0] < x1 {
			return false
		}
	}
	*r = append(*r, [2]float64{x0, x1})
	return true
}

// axisLine draws the time axis: round ticks on each linear stretch, and
// the length of each cut stretch under its break.
func (p *plot) axisLine(s *svgBuf, y float64) {
	s.line("axis", tlPlotX0, y, tlPlotX1, y)
	for _, t := range p.ax.ticks(80) {
		s.line("axis", t.x, y, t.x, y+4)
		s.text("tick", t.x, y+14, "middle", fmtDur(t.t))
	}
	for _, c := range p.ax.cuts() {
		mid := (c.x0 + c.x1) / 2
		s.printf(`<path class="brk" d="M%s %sl4 -6M%s %sl4 -6"/>`, num(mid-5), num(y+3), num(mid+1), num(y+3))
		s.text("cutl", mid, y+25, "middle", "+"+fmtDur(c.t1-c.t0))
	}
	s.text("tick", tlPlotX1+4, y+14, "start", "server clock")
}
