package fakeauth

import (
	"runtime"
	"sync"
	"testing"
	"time"
)

// recorder is what a server does with a journal on every request.
type recorder interface {
	Begin() Ticket
	Record(Ticket, Entry)
}

// mutexJournal is the naive journal the brief measured: one mutex, one
// growing slice.
type mutexJournal struct {
	mu       sync.Mutex
	start    time.Time
	seq      uint64
	inFlight int
	entries  []Entry
}

func newMutexJournal() *mutexJournal { return &mutexJournal{start: time.Now()} }

func (m *mutexJournal) Begin() Ticket {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq++
	m.inFlight++
	return Ticket{Seq: m.seq, Start: time.Since(m.start)}
}

func (m *mutexJournal) Record(t Ticket, e Entry) {
	e.Seq, e.Start, e.End = t.Seq, t.Start, time.Since(m.start)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entries = append(m.entries, e)
	m.inFlight--
}

var benchEntry = Entry{
	Method: "GET", Path: "/api/items", Kind: KindAPI, Cred: CredValid,
	Session: 1, Generation: 2, Step: -1, Status: 200,
}

// BenchmarkJournal measures Begin+Record from every P at once, for the naive
// baseline and for Journal, so the ratio reads from one run. bytes/entry is
// the heap the journal holds per stored entry, measured over 100k entries;
// the strings of the entries are shared, so it is the journal's own cost.
func BenchmarkJournal(b *testing.B) {
	benchmarks := []struct {
		name string
		// new returns a journal with room for n entries.
		new func(n int) recorder
	}{
		{name: "mutex-append", new: func(int) recorder { return newMutexJournal() }},
		{name: "journal", new: func(n int) recorder { return NewJournal(n) }},
		// A full journal only counts drops.
		{name: "journal-full", new: func(int) recorder {
			j := NewJournal(1)
			j.Record(j.Begin(), benchEntry)
			return j
		}},
	}
	for _, bm := range benchmarks {
		b.Run(bm.name, func(b *testing.B) {
			perEntry := bytesPerEntry(bm.new)
			j := bm.new(b.N)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					j.Record(j.Begin(), benchEntry)
				}
			})
			b.StopTimer()
			b.ReportMetric(perEntry, "bytes/entry")
		})
	}
}

// bytesPerEntry is the live heap a journal holds after storing 100k entries,
// per entry.
func bytesPerEntry(newRecorder func(n int) recorder) float64 {
	const n = 100_000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := newRecorder(0)
	for range n {
		r.Record(r.Begin(), benchEntry)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(r)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / n
}
