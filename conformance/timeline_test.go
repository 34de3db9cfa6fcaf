package conformance

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// lineTime reads the offset a timeline line starts with.
func lineTime(t *testing.T, line string) float64 {
	t.Helper()
	f := strings.Fields(strings.TrimPrefix(line, "+"))
	if len(f) == 0 || !strings.HasSuffix(f[0], "ms") {
		t.Fatalf("line %q: got no time; want one", line)
	}
	v, err := strconv.ParseFloat(strings.TrimSuffix(f[0], "ms"), 64)
	if err != nil {
		t.Fatalf("line %q: %v", line, err)
	}
	return v
}

func TestTimelineOrdersByTime(t *testing.T) {
	for _, tc := range []struct {
		name string
		ev   *builder
	}{
		{"happy", happy()},
		{"terminal", terminal()},
		{"late 401", lateOK()},
		{"relogin", relogin().with(foreign(ForeignRequest{Start: ms(12.5), Path: "/collect"}))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := strings.Split(Timeline(tc.ev.done()), "\n")
			prev := -1.0
			for _, l := range lines {
				if n := utf8.RuneCountInString(l); n > 110 {
					t.Errorf("line %q: got %d characters; want at most 110", l, n)
				}
				at := lineTime(t, l)
				if at < prev {
					t.Errorf("line %q: got %.1fms after %.1fms; want time order", l, at, prev)
				}
				prev = at
			}
		})
	}
}

func TestTimelineLines(t *testing.T) {
	ev := relogin().with(foreign(ForeignRequest{Start: ms(12.5), Path: "/collect", Cookies: []string{"sid"}})).done()
	ev.Rounds[1].Calls[1] = Call{ID: "d2", Phase: PhaseBurst, Method: "GET", Path: "/api/items", Start: ms(310), Outcome: OutcomePending}
	got := Timeline(ev)
	for _, want := range []string{
		"+    0.0ms  ── round 1 login\n+    0.0ms  login   POST /auth/login",
		"+   10.0ms  ── round 1 burst\n+   10.0ms  call c1 burst GET /api/items  → error \"session expired\" at +   16.0ms",
		"+   11.0ms  api     GET  /api/items?authconform_call=c1         expired  s1 g1  401 at +   12.0ms",
		"+   12.5ms  foreign /collect  cookies: sid",
		"+   16.0ms  ── round 1 settled",
		"+  116.0ms  ── round 1 quiet end",
		"── round 1 end: logged out, no credentials",
		"+  300.0ms  ── round 2 login",
		"call d2 burst GET /api/items  → PENDING at deadline",
		"── round 2 end: logged in, credentials remain: access (memory)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("got timeline\n%s\nwant it to contain %q", got, want)
		}
	}
	if strings.Contains(got, "round 1 deadline") {
		t.Errorf("got a deadline mark after the round ended; want none")
	}
}

func TestTimelineMarksTheDeadlineOfAStuckRound(t *testing.T) {
	got := Timeline(happy().pending("c1").settle(1010).done())
	want := "+ 1010.0ms  ── round 1 deadline\n+ 1010.0ms  ── round 1 settled"
	if !strings.Contains(got, want) {
		t.Errorf("got timeline\n%s\nwant it to contain %q", got, want)
	}
}

func TestTimelineTruncatesHugeEvidence(t *testing.T) {
	for _, tc := range []struct {
		name     string
		requests int
		omitted  int // 0: nothing left out
	}{
		{"small", 10, 0},
		{"at the limit", 200 - 8, 0}, // 6 marks, the login request and the call
		{"over the limit", 200 - 7, 200 - 7 + 8 - 160},
		{"huge", 1000, 1000 + 8 - 160},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := build().login(0).burst(10, "c1")
			for i := 0; i < tc.requests; i++ {
				b.api(11+float64(i), 11.5+float64(i), 401, "expired", 1, "c1")
			}
			b.ok(2000, 401, "c1").settle(2000)
			lines := strings.Split(Timeline(b.done()), "\n")
			if tc.omitted == 0 {
				if want := tc.requests + 8; len(lines) != want {
					t.Errorf("got %d lines; want %d", len(lines), want)
				}
				return
			}
			if len(lines) != 161 {
				t.Fatalf("got %d lines; want 161", len(lines))
			}
			if want := fmt.Sprintf("... %d lines omitted ...", tc.omitted); lines[80] != want {
				t.Errorf("got %q; want %q", lines[80], want)
			}
			if !strings.Contains(lines[0], "round 1 login") || !strings.Contains(lines[160], "round 1 end") {
				t.Errorf("got first %q and last %q; want the round's first and last marks", lines[0], lines[160])
			}
		})
	}
}

func TestTimelineSaysTheJournalDroppedEntries(t *testing.T) {
	ev := happy().done()
	ev.JournalDropped = 3
	if got := strings.SplitN(Timeline(ev), "\n", 2)[0]; !strings.Contains(got, "dropped 3 entries") {
		t.Errorf("got first line %q; want it to say the journal dropped 3 entries", got)
	}
	if got := Timeline(nil); got != "" {
		t.Errorf("got %q for no evidence; want nothing", got)
	}
}
