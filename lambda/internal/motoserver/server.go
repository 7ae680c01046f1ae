// Package motoserver starts a moto server on loopback for tests, so that
// code under test talks to real S3, KMS and Secrets Manager APIs without
// reaching AWS.
//
// Tests skip when moto_server is not on PATH, saying why, unless the
// environment variable RequireEnv is set (the Make targets set it), in
// which case they fail.
package motoserver

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/logging"
)

// RequireEnv names the environment variable that turns a missing
// moto_server into a test failure instead of a skip.
const RequireEnv = "SECUREPIPE_REQUIRE_MOTO"

// Region is the region the server's resources live in.
const Region = "us-east-1"

// Credentials are the static test credentials moto accepts.
const (
	AccessKeyID     = "testing"
	SecretAccessKey = "testing"
)

// startTimeout bounds the wait for the server to answer.
const startTimeout = 30 * time.Second

// Server is a running moto server.
type Server struct {
	// Endpoint is the server's base URL, http://127.0.0.1:<port>.
	Endpoint string
	cmd      *exec.Cmd
	log      *bytes.Buffer
	once     sync.Once
}

// Start starts a moto server on a free loopback port and stops it when the
// test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s, err := StartServer(tb)
	if err != nil {
		tb.Fatalf("start moto server: %v", err)
	}
	tb.Cleanup(s.Stop)
	return s
}

// StartServer is Start for callers that manage the server's life, such as
// TestMain through a testing.TB of their own. It skips tb when moto_server
// is missing and RequireEnv is unset.
func StartServer(tb testing.TB) (*Server, error) {
	tb.Helper()
	path, err := exec.LookPath("moto_server")
	if err != nil {
		if os.Getenv(RequireEnv) != "" {
			tb.Fatalf("moto_server is not on PATH and %s is set: install moto[server] 5.x", RequireEnv)
		}
		tb.Skip("moto_server is not on PATH: skipping tests that need a local AWS stand-in (pip install 'moto[server]')")
	}

	var lastErr error
	for range 3 {
		s, err := launch(path)
		if err == nil {
			return s, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

func launch(path string) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}

	s := &Server{Endpoint: "http://127.0.0.1:" + strconv.Itoa(port), log: &bytes.Buffer{}}
	s.cmd = exec.Command(path, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("run moto_server: %w", err)
	}

	if err := s.waitReady(); err != nil {
		s.Stop()
		return nil, fmt.Errorf("wait for moto_server on port %d: %w\n%s", port, err, s.log.String())
	}
	return s, nil
}

func (s *Server) waitReady() error {
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		resp, err := http.Get(s.Endpoint + "/moto-api/data.json")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("no answer after %s", startTimeout)
}

// Stop ends the server and every process it started.
func (s *Server) Stop() {
	s.once.Do(func() {
		if s.cmd.Process == nil {
			return
		}
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
}

// Reset drops every resource the server holds.
func (s *Server) Reset(tb testing.TB) {
	tb.Helper()
	resp, err := http.Post(s.Endpoint+"/moto-api/reset", "application/json", nil)
	if err != nil {
		tb.Fatalf("reset moto server: %v", err)
	}
	resp.Body.Close()
}

// Config returns an SDK configuration that talks to the server.
func (s *Server) Config(tb testing.TB) aws.Config {
	tb.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion(Region),
		config.WithBaseEndpoint(s.Endpoint),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(AccessKeyID, SecretAccessKey, "")),
		config.WithLogger(logging.Nop{}),
	)
	if err != nil {
		tb.Fatalf("load SDK config: %v", err)
	}
	return cfg
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
