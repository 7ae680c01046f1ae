package processor

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/securepipe/securepipe/lambda/fieldpolicy"
	"github.com/securepipe/securepipe/lambda/pseudonym"
)

// benchPolicy pseudonymises three fields of each record.
const benchPolicy = `{"datasets":[{"name":"customers","prefix":"customers/","format":"jsonl",
 "required":["customer_id"],
 "fields":{"customer_id":"keep","email":"pseudonymise","phone":"pseudonymise","ssn":"pseudonymise",
           "name":"redact","notes":"drop","country":"keep","signup":"keep"}}]}`

// benchRecord formats record i, about 200 bytes.
func benchRecord(b []byte, i int) []byte {
	return fmt.Appendf(b, `{"customer_id":"c-%09d","email":"user%09d@example.com","phone":"+1-555-%07d",`+
		`"ssn":"%03d-%02d-%04d","name":"Customer Number %d","notes":"prefers email","country":"US",`+
		`"signup":"2025-01-%02d"}`+"\n", i, i, i%10_000_000, i%1000, i%100, i%10000, i, i%28+1)
}

// recordSource generates records up to a size, on the fly.
type recordSource struct {
	size, read int64
	i          int
	pending    []byte
	records    int
}

func (r *recordSource) Read(p []byte) (int, error) {
	if r.read >= r.size && len(r.pending) == 0 {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) {
		if len(r.pending) == 0 {
			if r.read >= r.size {
				break
			}
			r.pending = benchRecord(r.pending[:0], r.i)
			r.i++
			r.records++
			r.read += int64(len(r.pending))
		}
		c := copy(p[n:], r.pending)
		r.pending = r.pending[c:]
		n += c
	}
	return n, nil
}

// sinkS3 serves one input object and discards what is written: it stands
// in for S3 so that the benchmarks measure the processor alone.
type sinkS3 struct {
	body    func() io.Reader
	written atomic.Int64
}

func (s *sinkS3) GetObject(context.Context, *s3.GetObjectInput, ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	return &s3.GetObjectOutput{Body: io.NopCloser(s.body())}, nil
}

func (s *sinkS3) HeadObject(context.Context, *s3.HeadObjectInput, ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
	return nil, &types.NotFound{}
}

func (s *sinkS3) PutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	n, _ := io.Copy(io.Discard, in.Body)
	s.written.Add(n)
	return &s3.PutObjectOutput{}, nil
}

func (s *sinkS3) CreateMultipartUpload(context.Context, *s3.CreateMultipartUploadInput,
	...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error) {
	return &s3.CreateMultipartUploadOutput{UploadId: aws.String("u")}, nil
}

func (s *sinkS3) UploadPart(_ context.Context, in *s3.UploadPartInput, _ ...func(*s3.Options)) (*s3.UploadPartOutput, error) {
	n, _ := io.Copy(io.Discard, in.Body)
	s.written.Add(n)
	return &s3.UploadPartOutput{ETag: aws.String("e")}, nil
}

func (s *sinkS3) CompleteMultipartUpload(context.Context, *s3.CompleteMultipartUploadInput,
	...func(*s3.Options)) (*s3.CompleteMultipartUploadOutput, error) {
	return &s3.CompleteMultipartUploadOutput{}, nil
}

func (s *sinkS3) AbortMultipartUpload(context.Context, *s3.AbortMultipartUploadInput,
	...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error) {
	return &s3.AbortMultipartUploadOutput{}, nil
}

func benchProcessor(b *testing.B, api S3API) *Processor {
	b.Helper()
	policy, err := fieldpolicy.Parse([]byte(benchPolicy))
	if err != nil {
		b.Fatal(err)
	}
	key, err := pseudonym.NewKey(bytes.Repeat([]byte{1}, 32))
	if err != nil {
		b.Fatal(err)
	}
	return New(Config{OutputBucket: "out", DataKeyARN: "arn:aws:kms:us-east-1:123456789012:key/k", Policy: policy},
		api, fixedKey{key})
}

// BenchmarkThroughput processes a 100 MB JSON Lines object with three
// pseudonymised fields a record. Run it with -cpu 1 for MB/s per core.
func BenchmarkThroughput(b *testing.B) {
	const size = 100 << 20
	src := &recordSource{size: size}
	input, err := io.ReadAll(src)
	if err != nil {
		b.Fatal(err)
	}
	api := &sinkS3{body: func() io.Reader { return bytes.NewReader(input) }}
	proc := benchProcessor(b, api)
	obj := Object{Bucket: "in", Key: "customers/bench.jsonl", VersionID: "v1"}

	b.SetBytes(int64(len(input)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for b.Loop() {
		res, err := proc.Process(context.Background(), obj)
		if err != nil {
			b.Fatal(err)
		}
		if res.Manifest.RecordsWritten != int64(src.records) {
			b.Fatalf("wrote %d records, want %d", res.Manifest.RecordsWritten, src.records)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N)/float64(src.records), "allocs/record")
	b.ReportMetric(float64(src.records), "records")
}

// BenchmarkPeakMemory streams a 1 GB object generated on the fly and
// reports the peak heap while it is processed, sampled every 5 ms, and the
// process's peak resident set. Run it alone for a meaningful RSS.
func BenchmarkPeakMemory(b *testing.B) {
	const size = 1 << 30
	api := &sinkS3{body: func() io.Reader { return &recordSource{size: size} }}
	proc := benchProcessor(b, api)
	obj := Object{Bucket: "in", Key: "customers/big.jsonl", VersionID: "v1"}

	runtime.GC()
	var peak atomic.Uint64
	stop := sampleHeap(&peak)
	b.SetBytes(size)
	for b.Loop() {
		if _, err := proc.Process(context.Background(), obj); err != nil {
			b.Fatal(err)
		}
	}
	stop()

	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MiB")
	}
}

// sampleHeap records the largest heap in use until the returned function
// is called.
func sampleHeap(peak *atomic.Uint64) func() {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
