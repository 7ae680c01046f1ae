package upload

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const keyARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

// recordingS3 notes the calls a Writer makes and fails the ones it is told
// to.
type recordingS3 struct {
	mu      sync.Mutex
	calls   []string
	failOn  string
	body    bytes.Buffer
	discard bool
	kmsKeys []string
}

func (r *recordingS3) note(call string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, call)
	if call == r.failOn {
		return errors.New("injected failure")
	}
	return nil
}

func (r *recordingS3) PutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	r.kmsKeys = append(r.kmsKeys, string(in.ServerSideEncryption)+" "+aws.ToString(in.SSEKMSKeyId))
	_, _ = io.Copy(&r.body, in.Body)
	return &s3.PutObjectOutput{}, r.note("PutObject")
}

func (r *recordingS3) CreateMultipartUpload(_ context.Context, in *s3.CreateMultipartUploadInput,
	_ ...func(*s3.Options)) (*s3.CreateMultipartUploadOutput, error) {
	r.kmsKeys = append(r.kmsKeys, string(in.ServerSideEncryption)+" "+aws.ToString(in.SSEKMSKeyId))
	return &s3.CreateMultipartUploadOutput{UploadId: aws.String("u1")}, r.note("CreateMultipartUpload")
}

func (r *recordingS3) UploadPart(_ context.Context, in *s3.UploadPartInput, _ ...func(*s3.Options)) (*s3.UploadPartOutput, error) {
	r.mu.Lock()
	if !r.discard {
		_, _ = io.Copy(&r.body, in.Body)
	}
	r.mu.Unlock()
	return &s3.UploadPartOutput{ETag: aws.String("e")}, r.note("UploadPart")
}

func (r *recordingS3) CompleteMultipartUpload(_ context.Context, in *s3.CompleteMultipartUploadInput,
	_ ...func(*s3.Options)) (*s3.CompleteMultipartUploadOutput, error) {
	for i, p := range in.MultipartUpload.Parts {
		if aws.ToInt32(p.PartNumber) != int32(i+1) {
			return nil, errors.New("parts out of order")
		}
	}
	return &s3.CompleteMultipartUploadOutput{}, r.note("CompleteMultipartUpload")
}

func (r *recordingS3) AbortMultipartUpload(_ context.Context, _ *s3.AbortMultipartUploadInput,
	_ ...func(*s3.Options)) (*s3.AbortMultipartUploadOutput, error) {
	return &s3.AbortMultipartUploadOutput{}, r.note("AbortMultipartUpload")
}

func TestWriter(t *testing.T) {
	tests := []struct {
		name      string
		size      int
		failOn    string
		abort     bool
		wantCalls []string
		wantErr   bool
	}{
		{name: "empty object", size: 0, wantCalls: []string{"PutObject"}},
		{name: "under one part", size: MinPartSize - 1, wantCalls: []string{"PutObject"}},
		{name: "exactly one part", size: MinPartSize,
			wantCalls: []string{"CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload"}},
		{name: "three parts", size: 2*MinPartSize + 10,
			wantCalls: []string{"CreateMultipartUpload", "UploadPart", "UploadPart", "UploadPart",
				"CompleteMultipartUpload"}},
		{name: "failed part aborts", size: 3 * MinPartSize, failOn: "UploadPart", wantErr: true,
			wantCalls: []string{"CreateMultipartUpload", "UploadPart", "AbortMultipartUpload"}},
		{name: "failed completion aborts", size: MinPartSize + 1, failOn: "CompleteMultipartUpload",
			wantErr: true,
			wantCalls: []string{"CreateMultipartUpload", "UploadPart", "UploadPart", "CompleteMultipartUpload",
				"AbortMultipartUpload"}},
		{name: "failed put", size: 10, failOn: "PutObject", wantErr: true, wantCalls: []string{"PutObject"}},
		{name: "abort by the caller", size: MinPartSize + 1, abort: true,
			wantCalls: []string{"CreateMultipartUpload", "UploadPart", "AbortMultipartUpload"}},
		{name: "abort before any part", size: 10, abort: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &recordingS3{failOn: tt.failOn}
			w := New(context.Background(), api, Target{Bucket: "b", Key: "k", KMSKeyARN: keyARN}, MinPartSize)
			data := bytes.Repeat([]byte("0123456789"), tt.size/10+1)[:tt.size]

			_, werr := writeInChunks(w, data)
			var err error
			if tt.abort {
				require.NoError(t, werr)
				require.NoError(t, w.Abort())
				_, err = w.Write([]byte("x"))
				require.Error(t, err, "an aborted writer refuses writes")
				err = nil
			} else {
				err = errors.Join(werr, w.Close())
				require.NoError(t, w.Abort(), "abort after close is harmless")
			}

			if tt.wantErr {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.wantCalls, api.calls)
			if !tt.wantErr && !tt.abort {
				assert.Equal(t, string(data), api.body.String())
			}
			for _, k := range api.kmsKeys {
				assert.Equal(t, "aws:kms "+keyARN, k)
			}
		})
	}
}

// writeInChunks writes data in uneven pieces, as an encoder would.
func writeInChunks(w io.Writer, data []byte) (int, error) {
	total := 0
	for len(data) > 0 {
		n := min(len(data), 777_777)
		m, err := w.Write(data[:n])
		total += m
		if err != nil {
			return total, err
		}
		data = data[n:]
	}
	return total, nil
}

func TestWriterHoldsTwoParts(t *testing.T) {
	api := &recordingS3{discard: true}
	w := New(context.Background(), api, Target{Bucket: "b", Key: "k", KMSKeyARN: keyARN}, MinPartSize)
	chunk := make([]byte, MinPartSize/4)

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 40 {
		_, err := w.Write(chunk)
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	runtime.ReadMemStats(&after)

	assert.Equal(t, 10, strings.Count(strings.Join(api.calls, " "), "UploadPart"))
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(3*MinPartSize),
		"ten parts are written through two part buffers")
}
