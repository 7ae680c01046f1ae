package e2e

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync"

	"github.com/securepipe/securepipe/lambda/permissions"
)

// maxRecordedBody bounds the request bodies the recorder reads to find a
// resource ID; S3 bodies are streamed through unread.
const maxRecordedBody = 1 << 20

// Recorder is a reverse proxy that forwards AWS API requests to a target
// endpoint and records each as IAM actions on resource patterns. It is
// safe for concurrent use.
type Recorder struct {
	names Names
	proxy *httputil.ReverseProxy

	mu     sync.Mutex
	grants map[permissions.Grant]bool
}

// NewRecorder returns a Recorder forwarding to target, an http URL.
func NewRecorder(target string, names Names) (*Recorder, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, fmt.Errorf("parse target %q: %w", target, err)
	}
	r := &Recorder{names: names, grants: map[permissions.Grant]bool{}}
	r.proxy = httputil.NewSingleHostReverseProxy(u)
	r.proxy.ModifyResponse = func(resp *http.Response) error {
		r.add(names.responseGrants(resp.Request, resp.StatusCode, resp.Header))
		return nil
	}
	return r, nil
}

// ServeHTTP records the request and forwards it.
func (r *Recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	var body []byte
	if service(req) != "s3" && req.Body != nil {
		var err error
		body, err = io.ReadAll(io.LimitReader(req.Body, maxRecordedBody))
		if err != nil {
			http.Error(w, "read request body", http.StatusBadGateway)
			return
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	r.add(r.names.requestGrants(req, body))
	r.proxy.ServeHTTP(w, req)
}

func (r *Recorder) add(grants []permissions.Grant) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, g := range grants {
		r.grants[g] = true
	}
}

// Grants returns what was recorded, sorted by resource, then action.
func (r *Recorder) Grants() []permissions.Grant {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]permissions.Grant, 0, len(r.grants))
	for g := range r.grants {
		out = append(out, g)
	}
	permissions.SortGrants(out)
	return out
}
