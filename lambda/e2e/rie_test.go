package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// rieStartTimeout bounds the wait for the emulator to listen.
const rieStartTimeout = 30 * time.Second

// invokeTimeout bounds one invocation.
const invokeTimeout = 3 * time.Minute

// emulator is a running Runtime Interface Emulator with the function.
type emulator struct {
	cmd     *exec.Cmd
	url     string
	out     *syncBuffer
	started time.Time
	once    sync.Once
}

// startEmulator runs bootstrap under the emulator with exactly env.
func startEmulator(tb testing.TB, rie, bootstrap string, env []string) *emulator {
	tb.Helper()
	addr, api := freeAddr(tb), freeAddr(tb)
	e := &emulator{url: "http://" + addr + "/2015-03-31/functions/function/invocations", out: &syncBuffer{}}
	e.cmd = exec.Command(rie, "--runtime-interface-emulator-address", addr, "--runtime-api-address", api, bootstrap)
	e.cmd.Env = env
	e.cmd.Stdout, e.cmd.Stderr = e.out, e.out
	e.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}

	e.started = time.Now()
	if err := e.cmd.Start(); err != nil {
		tb.Fatalf("start the emulator: %v", err)
	}
	tb.Cleanup(e.stop)
	if err := waitListening(addr); err != nil {
		tb.Fatalf("wait for the emulator: %v\n%s", err, e.out.String())
	}
	return e
}

func (e *emulator) stop() {
	e.once.Do(func() {
		_ = syscall.Kill(-e.cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = e.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-e.cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
}

// invoke sends one SQS event and returns the function's response.
func (e *emulator) invoke(tb testing.TB, ev events.SQSEvent) events.SQSEventResponse {
	tb.Helper()
	body, err := json.Marshal(ev)
	if err != nil {
		tb.Fatalf("encode event: %v", err)
	}
	client := &http.Client{Timeout: invokeTimeout}
	resp, err := client.Post(e.url, "application/json", bytes.NewReader(body))
	if err != nil {
		tb.Fatalf("invoke: %v\n%s", err, e.out.String())
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		tb.Fatalf("invoke: status %d, %v: %s\n%s", resp.StatusCode, err, raw, e.out.String())
	}

	var out events.SQSEventResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		tb.Fatalf("decode response %s: %v\n%s", raw, err, e.out.String())
	}
	return out
}

// functionLogs returns the JSON lines the function wrote, in order.
func (e *emulator) functionLogs(tb testing.TB) []map[string]any {
	tb.Helper()
	var logs []map[string]any
	for _, line := range strings.Split(e.out.String(), "\n") {
		if !strings.HasPrefix(line, "{") {
			continue
		}
		var entry map[string]any
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			tb.Fatalf("function log line is not JSON: %v: %s", err, line)
		}
		logs = append(logs, entry)
	}
	return logs
}

func freeAddr(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("find a free port: %v", err)
	}
	defer l.Close()
	return "127.0.0.1:" + strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

func waitListening(addr string) error {
	deadline := time.Now().Add(rieStartTimeout)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("nothing listens on %s after %s", addr, rieStartTimeout)
}

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
