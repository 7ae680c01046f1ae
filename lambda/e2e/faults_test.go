package e2e

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
)

// faults stands between the function and the recorder and fails the
// Secrets Manager requests it is told to, as a service error the SDK does
// not retry, so that a step fails part way through.
type faults struct {
	next http.Handler

	mu    sync.Mutex
	match func(op string, body []byte) bool
	left  int
}

// failNext fails the next n requests for which match holds, given the
// operation's name and the request body.
func (f *faults) failNext(n int, match func(op string, body []byte) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.match, f.left = match, n
}

func (f *faults) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op, _ := strings.CutPrefix(r.Header.Get("X-Amz-Target"), "secretsmanager.")
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read request body", http.StatusBadGateway)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))

	if f.take(op, body) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"__type":"InvalidRequestException","message":"injected fault"}`)
		return
	}
	f.next.ServeHTTP(w, r)
}

func (f *faults) take(op string, body []byte) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.left == 0 || f.match == nil || !f.match(op, body) {
		return false
	}
	f.left--
	return true
}
