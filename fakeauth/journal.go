package fakeauth

import (
	"slices"
	"sync/atomic"
	"time"
)

// DefaultJournalLimit is the number of entries a journal keeps when no limit is given.
const DefaultJournalLimit = 1 << 18

// chunkSize is the number of entries allocated at once. A journal holds
// limit/chunkSize chunk pointers and allocates the chunks as requests reach them.
const chunkSize = 1024

// Slot states. A slot goes from empty to writing (claimed by one Record) to
// published (its entry complete and safe to copy).
const (
	slotEmpty uint32 = iota
	slotWriting
	slotPublished
)

// Journal records requests. Safe for concurrent use. Bounded: past its limit it
// counts what it dropped, never losing an entry silently.
//
// A journal keeps the first limit requests in order of arrival: the entry of
// request Seq n lives in slot n, so a snapshot needs no sorting and Record
// touches no counter shared with other requests. A request that arrives past
// the limit is counted in Snapshot.Dropped when it is recorded.
//
// The zero value is an empty journal with DefaultJournalLimit. A Journal must
// not be copied after first use.
type Journal struct {
	state atomic.Pointer[journalState]
}

// journalState is everything a Reset forgets. Reset swaps in a fresh one, and
// a ticket carries the state it was issued by, so a ticket from before a Reset
// is recognised and ignored.
type journalState struct {
	start   time.Time // carries a monotonic reading
	limit   int
	seq     atomic.Uint64 // requests begun; the last Seq handed out
	dropped atomic.Uint64 // requests recorded past the limit
	chunks  []atomic.Pointer[journalChunk]
}

// journalChunk holds the slots of chunkSize consecutive Seqs (fewer in the
// last chunk of a journal whose limit is not a multiple of chunkSize).
type journalChunk struct {
	state   []atomic.Uint32
	entries []Entry
}

// NewJournal returns an empty journal that keeps at most limit entries.
// A limit <= 0 means DefaultJournalLimit.
func NewJournal(limit int) *Journal {
	j := &Journal{}
	j.state.Store(newJournalState(limit))
	return j
}

func newJournalState(limit int) *journalState {
	if limit <= 0 {
		limit = DefaultJournalLimit
	}
	return &journalState{
		start:  time.Now(),
		limit:  limit,
		chunks: make([]atomic.Pointer[journalChunk], (limit+chunkSize-1)/chunkSize),
	}
}

// current returns the live state, creating it for a zero Journal.
func (j *Journal) current() *journalState {
	if st := j.state.Load(); st != nil {
		return st
	}
	j.state.CompareAndSwap(nil, newJournalState(0))
	return j.state.Load()
}

// Ticket is handed out when a request arrives and given back when it ends.
type Ticket struct {
	// Seq numbers the request in order of arrival, from 1.
	Seq uint64
	// Start is when the request arrived, as an offset on the journal's clock.
	Start time.Duration

	epoch *journalState // the state that issued the ticket
}

// Begin registers a request as it arrives: it assigns the next Seq, reads
// the start time and counts the request as in flight until it is recorded.
// Requests that arrive at the same moment on different goroutines may have
// Starts a little out of Seq order: Seq decides the order, Start the time.
func (j *Journal) Begin() Ticket {
	st := j.current()
	seq := st.seq.Add(1)
	start := time.Since(st.start)
	// Allocate chunks ahead of the requests that fill them: the request
	// opening a chunk allocates it and the next one, so Record rarely has to.
	if slot := seq - 1; slot%chunkSize == 0 && slot < uint64(st.limit) {
		c := int(slot / chunkSize)
		st.chunk(c)
		if c+1 < len(st.chunks) {
			st.chunk(c + 1)
		}
	}
	return Ticket{Seq: seq, Start: start, epoch: st}
}

// Record stores the entry of a request that has ended: it sets e.Seq and
// e.Start from t and e.End to now, and the request is no longer in flight.
// A zero ticket and a ticket from before the last Reset are ignored: nothing
// is stored or counted. Give each ticket back once; a second Record of a
// stored request does not overwrite it.
func (j *Journal) Record(t Ticket, e Entry) {
	st := t.epoch
	if st == nil || st != j.state.Load() {
		return
	}
	e.Seq, e.Start, e.End = t.Seq, t.Start, time.Since(st.start)
	if t.Seq > uint64(st.limit) {
		st.dropped.Add(1)
		return
	}
	slot := t.Seq - 1
	ch := st.chunk(int(slot / chunkSize))
	i := slot % chunkSize
	if !ch.state[i].CompareAndSwap(slotEmpty, slotWriting) {
		return
	}
	ch.entries[i] = e
	ch.state[i].Store(slotPublished)
}

// chunk returns chunk c, allocating it if no request has yet.
func (st *journalState) chunk(c int) *journalChunk {
	p := &st.chunks[c]
	if ch := p.Load(); ch != nil {
		return ch
	}
	n := min(chunkSize, st.limit-c*chunkSize)
	ch := &journalChunk{state: make([]atomic.Uint32, n), entries: make([]Entry, n)}
	if p.CompareAndSwap(nil, ch) {
		return ch
	}
	return p.Load()
}

// Now is the current offset on the journal's clock: the monotonic time since
// the journal was created or last Reset, the clock of Entry.Start and End.
func (j *Journal) Now() time.Duration { return time.Since(j.current().start) }

// Reset forgets every entry, the dropped count and the requests in flight.
// Times restart from 0 and Seq from 1. Tickets issued before are ignored
// when recorded.
func (j *Journal) Reset() {
	limit := 0
	if st := j.state.Load(); st != nil {
		limit = st.limit
	}
	j.state.Store(newJournalState(limit))
}

// Snapshot is a copy of the journal at one moment.
type Snapshot struct {
	// Entries are the stored entries in Seq order.
	Entries []Entry `json:"entries"`
	// Dropped counts the requests not stored because the journal was full.
	Dropped uint64 `json:"dropped"`
	// InFlight counts the requests begun and not yet recorded.
	InFlight int `json:"in_flight"`
	// Limit is the number of entries the journal keeps.
	Limit int `json:"limit"`
}

// Snapshot copies every stored entry, in Seq order, with the counts. It may
// run while requests are being recorded: an entry still being written is left
// out and counted as in flight.
func (j *Journal) Snapshot() Snapshot {
	st := j.current()
	// Read dropped before seq: every drop counted then has a Seq <= seq, so
	// seq - stored - dropped counts only requests still in flight.
	dropped := st.dropped.Load()
	seq := st.seq.Load()
	last := int(min(seq, uint64(st.limit))) // slots [0, last) may be filled
	chunks := make([]*journalChunk, (last+chunkSize-1)/chunkSize)
	n := 0
	for c := range chunks {
		ch := st.chunks[c].Load()
		if ch == nil {
			continue
		}
		chunks[c] = ch
		for i := range min(len(ch.state), last-c*chunkSize) {
			if ch.state[i].Load() == slotPublished {
				n++
			}
		}
	}
	entries := make([]Entry, 0, n)
	for c, ch := range chunks {
		if ch == nil {
			continue
		}
		for i := range min(len(ch.state), last-c*chunkSize) {
			if ch.state[i].Load() == slotPublished {
				entries = append(entries, ch.entries[i])
			}
		}
	}
	inFlight := int64(seq) - int64(len(entries)) - int64(dropped)
	return Snapshot{Entries: entries, Dropped: dropped, InFlight: int(max(inFlight, 0)), Limit: st.limit}
}

// Of returns the entries of the given kinds, in Seq order. With no kinds it
// returns none.
func (s Snapshot) Of(kinds ...Kind) []Entry {
	var out []Entry
	for _, e := range s.Entries {
		if slices.Contains(kinds, e.Kind) {
			out = append(out, e)
		}
	}
	return out
}

// Count is the number of entries of the given kinds. With no kinds it is 0.
func (s Snapshot) Count(kinds ...Kind) int {
	n := 0
	for _, e := range s.Entries {
		if slices.Contains(kinds, e.Kind) {
			n++
		}
	}
	return n
}
