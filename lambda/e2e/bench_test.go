package e2e

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// BenchmarkColdStart measures, under the Runtime Interface Emulator, the
// time from starting the emulator and the function's process to the
// response of the first invocation, which processes one small object and
// so includes reading the secret. It also reports the size of the release
// binary for linux/arm64.
func BenchmarkColdStart(b *testing.B) {
	f := newFixture(b)
	dir := b.TempDir()
	bootstrap := buildBootstrap(b, dir)
	rie := buildRIE(b, dir)
	release := buildBootstrap(b, b.TempDir(), "GOOS=linux", "GOARCH=arm64")
	info, err := os.Stat(release)
	must(b, err, "stat release binary")

	var total time.Duration
	i := 0
	for b.Loop() {
		i++
		key := fmt.Sprintf("customers/cold/%04d.jsonl", i)
		msg := f.message(key, f.put(b, key, []byte(rotationJSONL)))

		fn := startEmulator(b, rie, bootstrap, f.functionEnv())
		resp := fn.invoke(b, events.SQSEvent{Records: []events.SQSMessage{msg}})
		total += time.Since(fn.started)
		fn.stop()
		if len(resp.BatchItemFailures) != 0 {
			b.Fatalf("first invocation failed: %v", resp.BatchItemFailures)
		}
	}

	b.ReportMetric(float64(total.Milliseconds())/float64(i), "ms-to-first-response")
	b.ReportMetric(float64(info.Size())/(1<<20), "arm64-binary-MiB")
}
