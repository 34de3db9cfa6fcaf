package reports

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/authconform/authconform/conformance"
)

// Histograms bucket time by bucketW pixels of the axis.
const (
	bucketW = 5.0
	histH   = 44.0
)

// resultClasses are the request result classes, in stacking order, with
// their names for tooltips.
var resultClasses = []struct{ class, name string }{
	{"q2", "2xx/3xx"}, {"q401", "401"}, {"q4", "other 4xx"}, {"q5", "5xx"}, {"qx", "no answer"},
}

// genClasses is how many generation colours there are: g0 (none), g1 to
// g5, and g6 for 6 and later.
const genClasses = 7

func (p *plot) buckets() int { return int(math.Ceil((tlPlotX1 - tlPlotX0) / bucketW)) }

func (p *plot) bucket(t time.Duration) int {
	i := int((p.ax.x(t) - tlPlotX0) / bucketW)
	return min(max(i, 0), p.buckets()-1)
}

// series is one category of a stacked histogram.
type series struct {
	class, name string
	counts      []int
}

// stacked draws series stacked bottom up in a lane of height h, one path
// per series, and the largest bucket's total at the lane's right.
func (p *plot) stacked(s *svgBuf, y, h float64, ss []series) {
	n := p.buckets()
	total := make([]int, n)
	for _, se := range ss {
		for i, c := range se.counts {
			total[i] += c
		}
	}
	peak := 0
	for _, t := range total {
		peak = max(peak, t)
	}
	if peak == 0 {
		s.text("none", tlPlotX0+4, y+h/2+4, "start", "none")
		return
	}
	unit := (h - 6) / float64(peak)
	base := make([]float64, n)
	for _, se := range ss {
		var d strings.Builder
		sum := 0
		for i, c := range se.counts {
			if c == 0 {
				continue
			}
			hh := max(float64(c)*unit, 1)
			fmt.Fprintf(&d, "M%s %sh%sv-%sh-%sz", num(tlPlotX0+float64(i)*bucketW), num(y+h-1-base[i]), num(bucketW-0.5), num(hh), num(bucketW-0.5))
			base[i] += hh
			sum += c
		}
		if sum > 0 {
			s.printf(`<path class="%s" d="%s"><title>%s</title></path>`, se.class, d.String(), esc(fmt.Sprintf("%s: %d", se.name, sum)))
		}
	}
	s.text("peak", tlPlotX1+4, y+10, "start", fmt.Sprintf("peak %d", peak))
}

// requestHistogram draws requests of one kind as a histogram of their
// starts, stacked by result.
func (p *plot) requestHistogram(label string, qs []conformance.Request) lane {
	byResult := p.byResult(qs)
	return lane{label: label, title: fmt.Sprintf("%d %s requests by start time, stacked by result", len(qs), label), h: histH,
		draw: func(s *svgBuf, y float64) { p.stacked(s, y, histH, byResult) }}
}

func (p *plot) byResult(qs []conformance.Request) []series {
	ss := make([]series, len(resultClasses))
	for i, rc := range resultClasses {
		ss[i] = series{class: rc.class, name: rc.name + " " + "requests", counts: make([]int, p.buckets())}
	}
	for _, q := range qs {
		for i, rc := range resultClasses {
			if reqClass(q) == rc.class {
				ss[i].counts[p.bucket(q.Start)]++
			}
		}
	}
	return ss
}

// aggregateCalls draws many calls as four histogram lanes: calls in flight
// (pending ones running off the edge), their requests by result and by
// generation, and calls settled by outcome.
func (p *plot) aggregateCalls(byCall map[string][]conformance.Request) []lane {
	var qs []conformance.Request
	for _, c := range p.calls {
		qs = append(qs, byCall[c.ID]...)
	}
	n := p.buckets()
	flying := series{class: "inflight", name: "calls in flight", counts: make([]int, n)}
	pending := series{class: "pend", name: "calls pending at the deadline", counts: make([]int, n)}
	ok := series{class: "q2", name: "calls settled ok", counts: make([]int, n)}
	failed := series{class: "err", name: "calls settled with an error", counts: make([]int, n)}
	npending := 0
	for _, c := range p.calls {
		if c.Outcome == conformance.OutcomePending {
			npending++
			for i := p.bucket(c.Start); i < n; i++ {
				pending.counts[i]++
			}
			continue
		}
		for i := p.bucket(c.Start); i <= p.bucket(c.End); i++ {
			flying.counts[i]++
		}
		if c.Outcome == conformance.OutcomeOK {
			ok.counts[p.bucket(c.End)]++
		} else {
			failed.counts[p.bucket(c.End)]++
		}
	}
	gens := make([]series, genClasses)
	for g := range gens {
		gens[g] = series{class: fmt.Sprintf("g%d", g), name: fmt.Sprintf("generation %d requests", g), counts: make([]int, n)}
	}
	gens[0].name, gens[genClasses-1].name = "requests without a credential generation", fmt.Sprintf("generation %d+ requests", genClasses-1)
	for _, q := range qs {
		gens[min(int(q.Generation), genClasses-1)].counts[p.bucket(q.Start)]++
	}
	byResult := p.byResult(qs)
	note := fmt.Sprintf("%d calls, %d of their requests: drawn as histograms (one bar per %g px)", len(p.calls), len(qs), bucketW)
	return []lane{
		{label: "calls", h: tlRowH, draw: func(s *svgBuf, y float64) { s.text("none", tlPlotX0+4, y+11.5, "start", note) }},
		{label: "calls in flight", title: "calls issued and not yet settled; red: still pending at the deadline", h: histH,
			draw: func(s *svgBuf, y float64) {
				p.stacked(s, y, histH, []series{pending, flying})
				if npending > 0 {
					s.printf(`<path class="pend" d="M%s %sh%sv-8l8 4l-8 4v-8z"><title>%d calls pending at the deadline</title></path>`,
						num(tlPlotX1), num(y+histH-9), num(tlWidth-20-tlPlotX1), npending)
					s.text("pendl", tlWidth-4, y+histH-12, "end", fmt.Sprintf("%d pending", npending))
				}
			}},
		{label: "requests by result", title: "the calls' requests by start time, stacked by how the server answered", h: histH,
			draw: func(s *svgBuf, y float64) { p.stacked(s, y, histH, byResult) }},
		{label: "… by generation", title: "the calls' requests by start time, stacked by the credential generation they carried", h: histH,
			draw: func(s *svgBuf, y float64) { p.stacked(s, y, histH, gens) }},
		{label: "calls settled", title: "calls by the time they settled: ok or error", h: histH * 0.75,
			draw: func(s *svgBuf, y float64) { p.stacked(s, y, histH*0.75, []series{ok, failed}) }},
	}
}
