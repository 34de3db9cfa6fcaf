package fakeauth

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"
)

func testEntry(kind Kind, path string) Entry {
	return Entry{Method: "GET", Path: path, Kind: kind, Cred: CredValid, Step: -1, Status: 200}
}

func seqsOf(entries []Entry) []uint64 {
	out := make([]uint64, len(entries))
	for i, e := range entries {
		out[i] = e.Seq
	}
	return out
}

// checkSnapshot checks what must hold for any snapshot, even one taken while
// requests are recorded: entries in strictly increasing Seq order, none zero
// or torn, none ending before it started.
func checkSnapshot(tb testing.TB, s Snapshot) {
	tb.Helper()
	var prev Entry
	for i, e := range s.Entries {
		if e.Seq == 0 || e.Path == "" || e.Method == "" {
			tb.Errorf("entry %d: got %v; want a complete entry", i, e)
		}
		if e.End < e.Start {
			tb.Errorf("entry %d: got End %v before Start %v", i, e.End, e.Start)
		}
		if i > 0 && e.Seq <= prev.Seq {
			tb.Errorf("entry %d: got Seq %d after %d; want increasing", i, e.Seq, prev.Seq)
		}
		prev = e
	}
}

func TestJournalSeqAndTimes(t *testing.T) {
	j := NewJournal(0)
	t1, t2, t3 := j.Begin(), j.Begin(), j.Begin()
	if got := []uint64{t1.Seq, t2.Seq, t3.Seq}; !slices.Equal(got, []uint64{1, 2, 3}) {
		t.Fatalf("ticket Seqs: got %v; want [1 2 3]", got)
	}
	// Requests end out of order.
	j.Record(t3, testEntry(KindAPI, "/api/3"))
	j.Record(t1, testEntry(KindAPI, "/api/1"))
	j.Record(t2, testEntry(KindAPI, "/api/2"))
	now := j.Now()

	s := j.Snapshot()
	checkSnapshot(t, s)
	if got := seqsOf(s.Entries); !slices.Equal(got, []uint64{1, 2, 3}) {
		t.Fatalf("Seqs: got %v; want [1 2 3]", got)
	}
	for i, tk := range []Ticket{t1, t2, t3} {
		e := s.Entries[i]
		if want := fmt.Sprintf("/api/%d", tk.Seq); e.Path != want {
			t.Errorf("entry %d Path: got %q; want %q", i, e.Path, want)
		}
		if e.Start != tk.Start {
			t.Errorf("entry %d Start: got %v; want %v", i, e.Start, tk.Start)
		}
		if e.End > now {
			t.Errorf("entry %d End: got %v; want <= Now %v", i, e.End, now)
		}
	}
	for i := 1; i < len(s.Entries); i++ {
		if prev, e := s.Entries[i-1], s.Entries[i]; e.Start < prev.Start {
			t.Errorf("#%d Start: got %v before #%d's %v; want non-decreasing", e.Seq, e.Start, prev.Seq, prev.Start)
		}
	}
	// Recorded in the order 3, 1, 2: their ends follow that order.
	e1, e2, e3 := s.Entries[0], s.Entries[1], s.Entries[2]
	if !(e3.End <= e1.End && e1.End <= e2.End) {
		t.Errorf("ends: got #3 %v, #1 %v, #2 %v; want non-decreasing in record order", e3.End, e1.End, e2.End)
	}
}

func TestJournalLimit(t *testing.T) {
	tests := []struct {
		name        string
		limit       int
		records     int
		wantStored  int
		wantDropped uint64
		wantLimit   int
	}{
		{name: "under limit", limit: 10, records: 7, wantStored: 7, wantDropped: 0, wantLimit: 10},
		{name: "past limit", limit: 10, records: 25, wantStored: 10, wantDropped: 15, wantLimit: 10},
		{name: "default limit", limit: 0, records: 25, wantStored: 25, wantDropped: 0, wantLimit: DefaultJournalLimit},
		{name: "negative limit", limit: -1, records: 25, wantStored: 25, wantDropped: 0, wantLimit: DefaultJournalLimit},
		{name: "whole chunks", limit: 2 * chunkSize, records: 2*chunkSize + 6, wantStored: 2 * chunkSize, wantDropped: 6, wantLimit: 2 * chunkSize},
		{name: "partial last chunk", limit: chunkSize + 476, records: 1600, wantStored: chunkSize + 476, wantDropped: 100, wantLimit: chunkSize + 476},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := NewJournal(tt.limit)
			for i := range tt.records {
				j.Record(j.Begin(), testEntry(KindAPI, fmt.Sprintf("/api/%d", i+1)))
			}
			s := j.Snapshot()
			checkSnapshot(t, s)
			if got := len(s.Entries); got != tt.wantStored {
				t.Errorf("stored: got %v; want %v", got, tt.wantStored)
			}
			if s.Dropped != tt.wantDropped {
				t.Errorf("Dropped: got %v; want %v", s.Dropped, tt.wantDropped)
			}
			if got := uint64(len(s.Entries)) + s.Dropped + uint64(s.InFlight); got != uint64(tt.records) {
				t.Errorf("stored+dropped+in flight: got %v; want %v (nothing lost silently)", got, tt.records)
			}
			if s.Limit != tt.wantLimit {
				t.Errorf("Limit: got %v; want %v", s.Limit, tt.wantLimit)
			}
			// The journal keeps the first requests to arrive.
			for i, e := range s.Entries {
				if e.Seq != uint64(i+1) {
					t.Fatalf("entry %d: got Seq %v; want %v", i, e.Seq, i+1)
				}
			}
		})
	}
}

func TestJournalConcurrent(t *testing.T) {
	const goroutines, perGoroutine = 64, 500
	const total = goroutines * perGoroutine
	tests := []struct {
		name        string
		limit       int
		wantStored  int
		wantDropped uint64
	}{
		{name: "room for all", limit: 0, wantStored: total, wantDropped: 0},
		{name: "bounded", limit: 20000, wantStored: 20000, wantDropped: total - 20000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := NewJournal(tt.limit)
			done := make(chan struct{})
			snapshots := make(chan int)
			go func() {
				n := 0
				for {
					s := j.Snapshot()
					checkSnapshot(t, s)
					n++
					select {
					case <-done:
						snapshots <- n
						return
					default:
					}
				}
			}()

			var wg sync.WaitGroup
			for g := range goroutines {
				wg.Go(func() {
					for i := range perGoroutine {
						tk := j.Begin()
						j.Record(tk, testEntry(KindAPI, fmt.Sprintf("/api/%d/%d", g, i)))
					}
				})
			}
			wg.Wait()
			close(done)
			t.Logf("%d snapshots taken during the run", <-snapshots)

			s := j.Snapshot()
			checkSnapshot(t, s)
			if got := len(s.Entries); got != tt.wantStored {
				t.Errorf("stored: got %v; want %v", got, tt.wantStored)
			}
			if s.Dropped != tt.wantDropped {
				t.Errorf("Dropped: got %v; want %v", s.Dropped, tt.wantDropped)
			}
			if s.InFlight != 0 {
				t.Errorf("InFlight: got %v; want 0", s.InFlight)
			}
			paths := make(map[string]bool, len(s.Entries))
			for i, e := range s.Entries {
				if e.Seq != uint64(i+1) {
					t.Fatalf("entry %d: got Seq %v; want %v (unique Seqs 1..%d)", i, e.Seq, i+1, tt.wantStored)
				}
				if paths[e.Path] {
					t.Errorf("entry %d: got path %q twice; want each request once", i, e.Path)
				}
				paths[e.Path] = true
			}
		})
	}
}

func TestJournalInFlight(t *testing.T) {
	j := NewJournal(0)
	tickets := []Ticket{j.Begin(), j.Begin(), j.Begin()}
	if got := j.Snapshot().InFlight; got != 3 {
		t.Errorf("after 3 Begins: got InFlight %v; want 3", got)
	}
	for i, tk := range tickets {
		j.Record(tk, testEntry(KindAPI, "/api"))
		s := j.Snapshot()
		if want := len(tickets) - i - 1; s.InFlight != want {
			t.Errorf("after %d Records: got InFlight %v; want %v", i+1, s.InFlight, want)
		}
		if got := len(s.Entries); got != i+1 {
			t.Errorf("after %d Records: got %v entries; want %v", i+1, got, i+1)
		}
	}
}

func TestJournalInFlightPastLimit(t *testing.T) {
	j := NewJournal(1)
	a, b := j.Begin(), j.Begin()
	if got := j.Snapshot().InFlight; got != 2 {
		t.Errorf("got InFlight %v; want 2", got)
	}
	j.Record(b, testEntry(KindAPI, "/api/b"))
	s := j.Snapshot()
	if s.InFlight != 1 || s.Dropped != 1 || len(s.Entries) != 0 {
		t.Errorf("got InFlight %v, Dropped %v, %d entries; want 1, 1, 0", s.InFlight, s.Dropped, len(s.Entries))
	}
	j.Record(a, testEntry(KindAPI, "/api/a"))
	s = j.Snapshot()
	if s.InFlight != 0 || s.Dropped != 1 || len(s.Entries) != 1 {
		t.Errorf("got InFlight %v, Dropped %v, %d entries; want 0, 1, 1", s.InFlight, s.Dropped, len(s.Entries))
	}
}

func TestJournalReset(t *testing.T) {
	j := NewJournal(2)
	for range 3 {
		j.Record(j.Begin(), testEntry(KindAPI, "/api/before"))
	}
	old := j.Begin()

	before := time.Now()
	j.Reset()
	if got, bound := j.Now(), time.Since(before); got > bound {
		t.Errorf("Now after Reset: got %v; want <= %v (the clock restarts)", got, bound)
	}
	s := j.Snapshot()
	if len(s.Entries) != 0 || s.Dropped != 0 || s.InFlight != 0 {
		t.Errorf("after Reset: got %d entries, Dropped %v, InFlight %v; want 0, 0, 0", len(s.Entries), s.Dropped, s.InFlight)
	}
	if s.Limit != 2 {
		t.Errorf("Limit after Reset: got %v; want 2", s.Limit)
	}

	tk := j.Begin()
	if tk.Seq != 1 {
		t.Errorf("first Seq after Reset: got %v; want 1", tk.Seq)
	}
	j.Record(old, testEntry(KindAPI, "/api/old"))
	j.Record(tk, testEntry(KindAPI, "/api/new"))
	s = j.Snapshot()
	if len(s.Entries) != 1 || s.Entries[0].Path != "/api/new" || s.Entries[0].Seq != 1 {
		t.Errorf("entries: got %v; want only #1 /api/new", s.Entries)
	}
	if s.Dropped != 0 || s.InFlight != 0 {
		t.Errorf("got Dropped %v, InFlight %v; want 0, 0 (the old ticket is ignored)", s.Dropped, s.InFlight)
	}
}

func TestJournalResetConcurrent(t *testing.T) {
	j := NewJournal(1000)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 1000 {
				tk := j.Begin()
				j.Record(tk, testEntry(KindAPI, fmt.Sprintf("/api/%d/%d", g, i)))
			}
		})
	}
	wg.Go(func() {
		for range 100 {
			j.Reset()
			checkSnapshot(t, j.Snapshot())
		}
	})
	wg.Wait()

	// Every ticket of the last epoch was recorded in it: no gaps, none in flight.
	s := j.Snapshot()
	checkSnapshot(t, s)
	if s.InFlight != 0 {
		t.Errorf("InFlight: got %v; want 0", s.InFlight)
	}
	for i, e := range s.Entries {
		if e.Seq != uint64(i+1) {
			t.Fatalf("entry %d: got Seq %v; want %v", i, e.Seq, i+1)
		}
	}
}

func TestJournalIgnoredTickets(t *testing.T) {
	tests := []struct {
		name string
		run  func(j *Journal)
		want []string
	}{
		{
			name: "zero ticket",
			run:  func(j *Journal) { j.Record(Ticket{}, testEntry(KindAPI, "/api/zero")) },
			want: nil,
		},
		{
			name: "recorded twice",
			run: func(j *Journal) {
				tk := j.Begin()
				j.Record(tk, testEntry(KindAPI, "/api/first"))
				j.Record(tk, testEntry(KindAPI, "/api/second"))
			},
			want: []string{"/api/first"},
		},
		{
			name: "ticket of another journal",
			run: func(j *Journal) {
				other := NewJournal(0)
				j.Record(other.Begin(), testEntry(KindAPI, "/api/other"))
			},
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := NewJournal(0)
			tt.run(j)
			s := j.Snapshot()
			var got []string
			for _, e := range s.Entries {
				got = append(got, e.Path)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("paths: got %v; want %v", got, tt.want)
			}
			if s.Dropped != 0 || s.InFlight != 0 {
				t.Errorf("got Dropped %v, InFlight %v; want 0, 0", s.Dropped, s.InFlight)
			}
		})
	}
}

func TestJournalZeroValue(t *testing.T) {
	var j Journal
	j.Record(j.Begin(), testEntry(KindLogin, "/auth/login"))
	s := j.Snapshot()
	if len(s.Entries) != 1 || s.Entries[0].Seq != 1 {
		t.Errorf("entries: got %v; want one with Seq 1", s.Entries)
	}
	if s.Limit != DefaultJournalLimit {
		t.Errorf("Limit: got %v; want %v", s.Limit, DefaultJournalLimit)
	}
}

func TestSnapshotOfCount(t *testing.T) {
	j := NewJournal(0)
	for _, k := range []Kind{KindLogin, KindAPI, KindAPI, KindRefresh, KindAPI, KindLogout} {
		j.Record(j.Begin(), testEntry(k, "/"+k.String()))
	}
	s := j.Snapshot()
	tests := []struct {
		name  string
		kinds []Kind
		want  []uint64
	}{
		{name: "none given", kinds: nil, want: nil},
		{name: "one kind", kinds: []Kind{KindAPI}, want: []uint64{2, 3, 5}},
		{name: "two kinds in Seq order", kinds: []Kind{KindLogout, KindRefresh}, want: []uint64{4, 6}},
		{name: "kind absent", kinds: []Kind{KindPreflight}, want: nil},
		{name: "kind repeated", kinds: []Kind{KindLogin, KindLogin}, want: []uint64{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			of := s.Of(tt.kinds...)
			if got := seqsOf(of); !slices.Equal(got, tt.want) {
				t.Errorf("Of: got %v; want %v", got, tt.want)
			}
			for _, e := range of {
				if !slices.Contains(tt.kinds, e.Kind) {
					t.Errorf("Of: got kind %v; want one of %v", e.Kind, tt.kinds)
				}
			}
			if got := s.Count(tt.kinds...); got != len(tt.want) {
				t.Errorf("Count: got %v; want %v", got, len(tt.want))
			}
		})
	}
}

func TestSnapshotJSON(t *testing.T) {
	want := Snapshot{
		Entries: []Entry{
			{Seq: 1, Start: 1500 * time.Microsecond, End: 2 * time.Millisecond, Method: "POST", Path: "/auth/login",
				Kind: KindLogin, Cred: CredNone, Session: 1, Generation: 1, Step: -1, Status: 200},
			{Seq: 3, Start: 3 * time.Millisecond, End: 40 * time.Millisecond, Method: "POST", Path: "/auth/refresh",
				Kind: KindRefresh, Cred: CredExpired, Session: 1, Generation: 1, Step: 0, Action: "hang", Outcome: OutcomeHung},
			{Seq: 4, Start: 41 * time.Millisecond, End: 41*time.Millisecond + 5*time.Microsecond, Method: "GET", Path: "/api/x",
				Kind: KindAPI, Cred: CredSpent, Session: 7, Generation: 2, Step: 2, Action: "respond", Status: 503},
		},
		Dropped:  2,
		InFlight: 1,
		Limit:    4,
	}
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"entries", "dropped", "in_flight", "limit"} {
		if _, ok := fields[k]; !ok {
			t.Errorf("JSON %s: got no field %q; want one", b, k)
		}
	}
	var got Snapshot
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\ngot  %+v\nwant %+v\nJSON %s", got, want, b)
	}
}

func TestSnapshotJSONEmpty(t *testing.T) {
	b, err := json.Marshal(NewJournal(5).Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"entries":[],"dropped":0,"in_flight":0,"limit":5}`; got != want {
		t.Errorf("got %s; want %s", got, want)
	}
}
