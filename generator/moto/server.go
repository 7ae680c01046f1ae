package moto

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

const (
	motoStartTimeout = 30 * time.Second
	motoStopTimeout  = 5 * time.Second
	motoTailLines    = 20
)

var (
	// motoListening is the line moto_server prints once it has bound its port.
	motoListening = regexp.MustCompile(`Running on (http://127\.0\.0\.1:[0-9]+)`)
	// motoAccessLog is a line moto_server prints for every request.
	motoAccessLog = regexp.MustCompile(`^127\.0\.0\.1 - - \[[^]]*\] "`)
)

// Server is a moto_server process started on loopback. Its output goes to
// a log file, so that a server kept running for debugging outlives its
// starter without a broken pipe.
type Server struct {
	Endpoint string
	// LogPath is moto's own log.
	LogPath string
	cmd     *exec.Cmd
	exited  chan struct{}
	detach  chan struct{}
	tail    *lineTail
}

// Start runs the moto_server at bin on 127.0.0.1, with a port the kernel
// picks, in environment env (see ServerEnv), logging to dir/moto.log, and
// waits until it answers.
func Start(ctx context.Context, bin string, env []string, dir string, log *slog.Logger) (*Server, error) {
	logPath := filepath.Join(dir, "moto.log")
	out, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("start moto_server: %w", err)
	}
	defer out.Close()

	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", "0")
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start moto_server: %w", err)
	}

	s := &Server{LogPath: logPath, cmd: cmd, exited: make(chan struct{}),
		detach: make(chan struct{}), tail: &lineTail{max: motoTailLines}}
	found := make(chan string, 1)
	go s.follow(found, log)
	go func() {
		_ = cmd.Wait()
		close(s.exited)
	}()
	log.Debug("moto_server started", "pid", cmd.Process.Pid, "log", logPath)

	if err := s.waitReady(ctx, found); err != nil {
		s.Stop()
		return nil, err
	}

	return s, nil
}

// follow reads moto's log as it grows: it logs each line, keeps the last
// ones other than the access log, and reports the endpoint once moto names
// it. It ends when the server exits or is detached.
func (s *Server) follow(found chan<- string, log *slog.Logger) {
	f, err := os.Open(s.LogPath)
	if err != nil {
		log.Debug("moto log unreadable", "err", err)
		return
	}
	defer f.Close()

	rd := bufio.NewReader(f)
	var line strings.Builder
	for {
		chunk, err := rd.ReadString('\n')
		line.WriteString(chunk)
		if err == nil {
			s.handleLine(strings.TrimRight(line.String(), "\r\n"), found, log)
			line.Reset()
			continue
		}

		select {
		case <-s.detach:
			return
		case <-s.exited:
			if chunk == "" {
				return
			}
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (s *Server) handleLine(line string, found chan<- string, log *slog.Logger) {
	log.Debug("moto", "line", line)
	if !motoAccessLog.MatchString(line) {
		s.tail.add(line)
	}
	if m := motoListening.FindStringSubmatch(line); m != nil {
		select {
		case found <- m[1]:
		default:
		}
	}
}

func (s *Server) waitReady(ctx context.Context, found <-chan string) error {
	ctx, cancel := context.WithTimeout(ctx, motoStartTimeout)
	defer cancel()

	select {
	case s.Endpoint = <-found:
	case <-s.exited:
		return fmt.Errorf("start moto_server: it exited before listening; its last output:\n%s",
			s.tail.String())
	case <-ctx.Done():
		return fmt.Errorf("start moto_server: no listening address within %s: %w; "+
			"its last output:\n%s", motoStartTimeout, ctx.Err(), s.tail.String())
	}

	if err := waitAnswers(ctx, s.Endpoint); err != nil {
		return fmt.Errorf("start moto_server: %w", err)
	}

	return nil
}

// waitAnswers polls the endpoint until it answers HTTP.
func waitAnswers(ctx context.Context, endpoint string) error {
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint+"/", nil)
		if err != nil {
			return fmt.Errorf("probe %s: %w", endpoint, err)
		}
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			return nil
		}

		select {
		case <-ctx.Done():
			return fmt.Errorf("probe %s: %w (last attempt: %v)", endpoint, ctx.Err(), err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Tail returns the server's last lines of output, access log aside.
func (s *Server) Tail() string { return s.tail.String() }

// Pid is the server's process id.
func (s *Server) Pid() int { return s.cmd.Process.Pid }

// Detach leaves the server running on its own.
func (s *Server) Detach() { close(s.detach) }

// Stop interrupts the server and kills it if it has not exited in time.
func (s *Server) Stop() {
	select {
	case <-s.exited:
		return
	default:
	}

	if err := s.cmd.Process.Signal(os.Interrupt); err != nil && !errors.Is(err, os.ErrProcessDone) {
		_ = s.cmd.Process.Kill()
	}

	select {
	case <-s.exited:
	case <-time.After(motoStopTimeout):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// lineTail keeps the last lines written to it.
type lineTail struct {
	mu    sync.Mutex
	max   int
	lines []string
}

func (t *lineTail) add(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lines = append(t.lines, line)
	if len(t.lines) > t.max {
		t.lines = t.lines[len(t.lines)-t.max:]
	}
}

func (t *lineTail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return "  " + strings.Join(t.lines, "\n  ")
}
