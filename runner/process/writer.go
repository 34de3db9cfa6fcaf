package process

import (
	"encoding/json"
	"os"
	"sync"
)

// writer sends messages to the client's stdin from a goroutine of its own,
// so a client that does not read never blocks the harness.
type writer struct {
	f       *os.File
	mu      sync.Mutex
	queue   [][]byte
	closing bool  // close the file once the queue is written
	err     error // the first write error: the client stopped reading
	wake    chan struct{}
	done    chan struct{}
}

func newWriter(f *os.File) *writer {
	w := &writer{f: f, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go w.loop()
	return w
}

// send queues one message; it never blocks. Messages after close or after
// a failed write are dropped: the client cannot read them any more.
func (w *writer) send(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic("process: a protocol message does not marshal: " + err.Error())
	}
	w.mu.Lock()
	if !w.closing && w.err == nil {
		w.queue = append(w.queue, append(b, '\n'))
	}
	w.mu.Unlock()
	w.signal()
}

func (w *writer) signal() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *writer) loop() {
	defer close(w.done)
	defer w.f.Close()
	for {
		w.mu.Lock()
		q, closing := w.queue, w.closing
		w.queue = nil
		w.mu.Unlock()
		for _, b := range q {
			if _, err := w.f.Write(b); err != nil {
				w.mu.Lock()
				w.err = err
				w.mu.Unlock()
				return
			}
		}
		if len(q) == 0 {
			if closing {
				return
			}
			<-w.wake
		}
	}
}

// close writes what is queued, then closes the client's stdin (its end of
// input: a second way to say shut down).
func (w *writer) close() {
	w.mu.Lock()
	w.closing = true
	w.mu.Unlock()
	w.signal()
}

// abort closes stdin at once, ending a write the client never reads, and
// waits for the writer to stop.
func (w *writer) abort() {
	w.close()
	w.f.Close()
	<-w.done
}
