package reports

import (
	"fmt"
	"slices"
	"time"

	"github.com/authconform/authconform/conformance"
)

// The timeline's geometry, in pixels.
const (
	tlWidth  = 1000.0
	tlPlotX0 = 178.0 // lane labels sit left of it
	tlPlotX1 = 930.0 // pending calls run on past it, off the edge
	tlMarksH = 30.0  // mark labels above the lanes
	tlRowH   = 16.0
	tlAxisH  = 30.0
	// maxRows: with more lanes than this, the calls are drawn as
	// histograms; maxLanes: a kind needing more parallel lanes than this
	// (a refresh storm) becomes a histogram.
	maxRows  = 60
	maxLanes = 6
	// maxMarks: past this many refreshes (or logouts), their starts are
	// not drawn as lines across the lanes.
	maxMarks = 12
)

// lane is one horizontal band of the timeline.
type lane struct {
	label, title string
	h            float64
	draw         func(s *svgBuf, y float64)
}

// plot is a timeline being laid out.
type plot struct {
	ev    *conformance.Evidence
	ax    axis
	calls []conformance.Call
	lanes []lane
}

// timelineSVG draws the evidence as an SVG timeline: lanes for logins,
// refreshes, logouts and other requests, a row per client call with the
// requests that carried its ID, round marks, the quiet window shaded and a
// shared time axis. It returns "" for evidence with nothing to draw.
func timelineSVG(ev *conformance.Evidence) string {
	if ev == nil || (len(ev.Rounds) == 0 && len(ev.Server) == 0) {
		return ""
	}
	p := &plot{ev: ev}
	for _, rd := range ev.Rounds {
		p.calls = append(p.calls, rd.Calls...)
	}
	p.ax = p.newAxis()
	p.plan()
	return p.render()
}

// newAxis spans the journal clock from 0 to the last thing that happened.
func (p *plot) newAxis() axis {
	var times []time.Duration
	var busy [][2]time.Duration
	var tmax time.Duration
	add := func(ts ...time.Duration) {
		for _, t := range ts {
			if t > 0 {
				times = append(times, t)
				tmax = max(tmax, t)
			}
		}
	}
	for _, rd := range p.ev.Rounds {
		add(rd.Start, rd.LoggedIn, rd.Burst, rd.Settled, rd.QuietEnd, rd.End)
		if rd.DeadlineAt <= rd.End {
			add(rd.DeadlineAt)
		}
	}
	for _, c := range p.calls {
		add(c.Start, c.End)
	}
	for _, q := range p.ev.Server {
		add(q.Start, q.End)
		if q.End > q.Start {
			busy = append(busy, [2]time.Duration{q.Start, q.End})
		}
	}
	for _, f := range p.ev.Foreign {
		add(f.Start)
	}
	return newAxis(tlPlotX0, tlPlotX1, 0, tmax, times, busy)
}

// kindOrder is the order of the request lanes; other kinds follow.
var kindOrder = []string{"login", "refresh", "logout", "me", "api", "preflight", "other"}

// plan lays out the lanes: one group per request kind (logins, refreshes
// and logouts always, to show their absence), then the calls.
func (p *plot) plan() {
	callIDs := make(map[string]bool, len(p.calls))
	for _, c := range p.calls {
		callIDs[c.ID] = true
	}
	byKind := map[string][]conformance.Request{}
	byCall := map[string][]conformance.Request{}
	kinds := slices.Clone(kindOrder)
	for _, q := range p.ev.Server {
		if q.Call != "" && callIDs[q.Call] {
			byCall[q.Call] = append(byCall[q.Call], q)
			continue
		}
		if !slices.Contains(kinds, q.Kind) {
			kinds = append(kinds, q.Kind)
		}
		byKind[q.Kind] = append(byKind[q.Kind], q)
	}
	for _, k := range kinds {
		qs := byKind[k]
		if len(qs) == 0 && k != "login" && k != "refresh" && k != "logout" {
			continue
		}
		p.lanes = append(p.lanes, p.kindLanes(k, qs)...)
	}
	if len(p.ev.Foreign) > 0 {
		p.lanes = append(p.lanes, p.foreignLane())
	}
	if len(p.lanes)+len(p.calls) > maxRows {
		p.lanes = append(p.lanes, p.aggregateCalls(byCall)...)
		return
	}
	for _, c := range p.calls {
		p.lanes = append(p.lanes, p.callLane(c, byCall[c.ID]))
	}
}

// kindLanes packs the requests of one kind into lanes, so that requests
// in flight together get a lane each; too many lanes become a histogram.
func (p *plot) kindLanes(kind string, qs []conformance.Request) []lane {
	if len(qs) == 0 {
		return []lane{{label: kind, h: tlRowH, draw: func(s *svgBuf, y float64) {
			s.text("none", tlPlotX0+4, y+11.5, "start", "no "+kind+" call")
		}}}
	}
	var packed [][]conformance.Request
	var ends []float64
	for _, q := range qs {
		x0 := p.ax.x(q.Start)
		i := slices.IndexFunc(ends, func(e float64) bool { return e+2 <= x0 })
		if i < 0 {
			if len(packed) == maxLanes {
				return []lane{p.requestHistogram(kind, qs)}
			}
			packed, ends, i = append(packed, nil), append(ends, 0), len(packed)
		}
		packed[i] = append(packed[i], q)
		ends[i] = max(p.ax.x(q.End), x0+1) + textWidth("401 g1")
	}
	out := make([]lane, len(packed))
	for i, row := range packed {
		label := kind
		if i > 0 {
			label = fmt.Sprintf("%s (%d)", kind, i+1)
		}
		out[i] = lane{label: label, h: tlRowH, draw: func(s *svgBuf, y float64) { p.requests(s, y, row) }}
	}
	return out
}

// requests draws journal requests on one row, each labelled with its
// result and the generation it carried when there is room.
func (p *plot) requests(s *svgBuf, y float64, qs []conformance.Request) {
	lastLabel := 0.0
	for _, q := range qs {
		x0, x1 := p.ax.x(q.Start), p.ax.x(q.End)
		if q.End < q.Start {
			x1 = tlPlotX1
		}
		s.rect(reqClass(q), x0, y+3, x1-x0, tlRowH-6, reqTitle(q))
		label := reqResult(q)
		if q.Generation != 0 {
			label += fmt.Sprintf(" g%d", q.Generation)
		}
		if lx := max(x1, x0+1) + 3; lx >= lastLabel && lx+textWidth(label) <= tlWidth {
			s.text("ql", lx, y+11.5, "start", label)
			lastLabel = lx + textWidth(label) + 4
		}
	}
}

// callLane is the row of one client call: a thin bar from issue to settle
// (running off the edge when pending), and the requests that carried its
// ID drawn over it.
func (p *plot) callLane(c conformance.Call, qs []conformance.Request) lane {
	label := fmt.Sprintf("%s %s %s", c.ID, c.Method, pathOnly(c.Path))
	return lane{label: clipText(label, 30), title: callTitle(c), h: tlRowH, draw: func(s *svgBuf, y float64) {
		x0 := p.ax.x(c.Start)
		switch c.Outcome {
		case conformance.OutcomePending:
			s.rect("pend", x0, y+5, tlWidth-12-x0, tlRowH-10, callTitle(c))
			s.printf(`<path class="pend" d="M%s %sl8 %sl-8 %sz"/>`, num(tlWidth-12), num(y+2), num(tlRowH/2-2), num(tlRowH/2-2))
		default:
			x1 := p.ax.x(c.End)
			s.rect("call", x0, y+tlRowH/2-1, x1-x0, 2, callTitle(c))
			if c.Outcome == conformance.OutcomeError {
				s.rect("err", x1-1, y+2, 3, tlRowH-4, callTitle(c))
			} else {
				s.rect("ok", x1-1, y+4, 2, tlRowH-8, "")
			}
		}
		p.requests(s, y, qs)
	}}
}

// foreignLane marks requests that reached another origin.
func (p *plot) foreignLane() lane {
	return lane{label: "other origin", h: tlRowH, draw: func(s *svgBuf, y float64) {
		for _, f := range p.ev.Foreign {
			x := p.ax.x(f.Start)
			what := "no credentials"
			if f.Authorization != "" || len(f.Cookies) > 0 {
				what = "CREDENTIALS SENT"
			}
			s.printf(`<path class="foreign" d="M%s %sl5 5l-5 5l-5 -5z"><title>%s</title></path>`,
				num(x), num(y+3), esc(fmt.Sprintf("request to another origin: %s at +%s (%s)", f.Path, fmtDur(f.Start), what)))
		}
	}}
}
