package reports

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// axis maps journal-clock times to x pixels. It is linear except across
// long idle stretches (no server request in flight, nothing starting or
// ending), which are cut down to a fixed width and drawn as breaks: a burst
// of a few milliseconds stays readable next to a three-second deadline.
type axis struct {
	x0, x1 float64 // the plot's left and right edge
	segs   []segment
}

// segment is a stretch of time and the pixels it takes.
type segment struct {
	t0, t1 time.Duration
	x0, x1 float64
	cut    bool // an idle stretch cut short
	busy   bool // the server was working on a request: never cut
}

// The axis's tuning: a cut stretch is cutWidth pixels wide; a stretch is
// cut only if it is cutRatio times longer than the median stretch and,
// drawn linearly, would take at least cutShare of the remaining linear time
// and cutGain times cutWidth; at most maxCuts. The median keeps at least
// half the stretches linear.
const (
	cutWidth = 36.0
	cutRatio = 5
	cutShare = 0.25
	cutGain  = 4.0
	maxCuts  = 8
)

// newAxis builds an axis from x0 to x1 over [tmin, tmax] with breakpoints at
// times (starts, ends, marks); busy are the intervals during which the server
// was working on a request: a stretch inside one is never cut.
func newAxis(x0, x1 float64, tmin, tmax time.Duration, times []time.Duration, busy [][2]time.Duration) axis {
	if tmax <= tmin {
		tmax = tmin + time.Millisecond
	}
	pts := []time.Duration{tmin, tmax}
	for _, t := range times {
		if t > tmin && t < tmax {
			pts = append(pts, t)
		}
	}
	slices.Sort(pts)
	pts = slices.Compact(pts)
	segs := make([]segment, len(pts)-1)
	for i := range segs {
		segs[i] = segment{t0: pts[i], t1: pts[i+1]}
	}
	markBusy(segs, busy)
	a := axis{x0: x0, x1: x1, segs: segs}
	a.cut()
	a.layout()
	return a
}

// markBusy marks every segment covered by a busy interval.
func markBusy(segs []segment, busy [][2]time.Duration) {
	if len(busy) == 0 {
		return
	}
	// Merge the intervals, then sweep.
	iv := slices.Clone(busy)
	slices.SortFunc(iv, func(a, b [2]time.Duration) int { return cmpDur(a[0], b[0]) })
	merged := iv[:1]
	for _, b := range iv[1:] {
		last := &merged[len(merged)-1]
		if b[0] <= last[1] {
			last[1] = max(last[1], b[1])
		} else {
			merged = append(merged, b)
		}
	}
	j := 0
	for i := range segs {
		s := &segs[i]
		for j < len(merged) && merged[j][1] <= s.t0 {
			j++
		}
		if j < len(merged) && merged[j][0] <= s.t0 && merged[j][1] >= s.t1 {
			s.busy = true
		}
	}
}

func cmpDur(a, b time.Duration) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// cut picks the idle stretches to cut, longest first, while cutting one
// still pays.
func (a *axis) cut() {
	segs := a.segs
	order := make([]int, len(segs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		return segs[order[i]].t1-segs[order[i]].t0 > segs[order[j]].t1-segs[order[j]].t0
	})
	median := segs[order[len(order)/2]].t1 - segs[order[len(order)/2]].t0
	cuts := 0
	for _, i := range order {
		if cuts == maxCuts {
			break
		}
		s := &segs[i]
		if s.busy {
			continue
		}
		linear := time.Duration(0)
		for _, o := range segs {
			if !o.cut {
				linear += o.t1 - o.t0
			}
		}
		width := a.x1 - a.x0 - float64(cuts)*cutWidth
		d := s.t1 - s.t0
		px := width * float64(d) / float64(linear)
		if d < cutRatio*median || float64(d) < cutShare*float64(linear) || px < cutGain*cutWidth {
			break // the longest left does not pay, so none does
		}
		s.cut = true
		cuts++
	}
}

// layout gives every segment its pixels.
func (a *axis) layout() {
	cuts, linear := 0, time.Duration(0)
	for _, s := range a.segs {
		if s.cut {
			cuts++
		} else {
			linear += s.t1 - s.t0
		}
	}
	width := a.x1 - a.x0 - float64(cuts)*cutWidth
	x := a.x0
	for i := range a.segs {
		s := &a.segs[i]
		s.x0 = x
		if s.cut {
			x += cutWidth
		} else if linear > 0 {
			x += width * float64(s.t1-s.t0) / float64(linear)
		}
		s.x1 = x
	}
}

// x returns the pixel of time t; times outside the axis are clamped to
// its edges.
func (a axis) x(t time.Duration) float64 {
	if len(a.segs) == 0 {
		return a.x0
	}
	if t <= a.segs[0].t0 {
		return a.x0
	}
	i := sort.Search(len(a.segs), func(i int) bool { return a.segs[i].t1 >= t })
	if i == len(a.segs) {
		return a.x1
	}
	s := a.segs[i]
	if s.t1 == s.t0 {
		return s.x1
	}
	return s.x0 + (s.x1-s.x0)*float64(t-s.t0)/float64(s.t1-s.t0)
}

// tmax is the last time on the axis.
func (a axis) tmax() time.Duration { return a.segs[len(a.segs)-1].t1 }

// cuts returns the cut stretches.
func (a axis) cuts() []segment {
	var out []segment
	for _, s := range a.segs {
		if s.cut {
			out = append(out, s)
		}
	}
	return out
}

// tick is a labelled time on the axis.
type tick struct {
	t time.Duration
	x float64
}

// ticks returns round times on each linear piece, at least minGap pixels
// apart.
func (a axis) ticks(minGap float64) []tick {
	var out []tick
	lastX := math.Inf(-1)
	for i := 0; i < len(a.segs); {
		if a.segs[i].cut {
			i++
			continue
		}
		j := i
		for j < len(a.segs) && !a.segs[j].cut {
			j++
		}
		p0, p1 := a.segs[i], a.segs[j-1]
		pxPerNs := (p1.x1 - p0.x0) / float64(p1.t1-p0.t0)
		step := niceStep(time.Duration(minGap / pxPerNs))
		for t := (p0.t0 + step - 1) / step * step; t <= p1.t1; t += step {
			if x := a.x(t); x-lastX >= minGap {
				out = append(out, tick{t, x})
				lastX = x
			}
		}
		i = j
	}
	return out
}

// niceStep rounds d up to 1, 2 or 5 times a power of ten nanoseconds.
func niceStep(d time.Duration) time.Duration {
	if d < time.Microsecond {
		d = time.Microsecond
	}
	p := time.Duration(1)
	for p*10 <= d {
		p *= 10
	}
	for _, m := range []time.Duration{1, 2, 5, 10} {
		if m*p >= d {
			return m * p
		}
	}
	return 10 * p
}

// fmtDur formats a duration for labels: "0.4 ms", "12 ms", "3.01 s".
func fmtDur(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	switch {
	case ms < 0:
		return "-" + fmtDur(-d)
	case ms == 0:
		return "0"
	case ms < 10:
		return trimZero(fmt.Sprintf("%.1f", ms)) + " ms"
	case ms < 1000:
		return fmt.Sprintf("%.0f ms", ms)
	case ms < 10000:
		return trimZero(fmt.Sprintf("%.2f", ms/1000)) + " s"
	default:
		return trimZero(fmt.Sprintf("%.1f", ms/1000)) + " s"
	}
}

// trimZero drops trailing zeros after a decimal point: "3.10" → "3.1".
func trimZero(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
