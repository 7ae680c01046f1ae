package upload

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/lambda/internal/motoserver"
)

func TestWriterAgainstS3(t *testing.T) {
	srv := motoserver.Start(t)
	cfg := srv.Config(t)
	ctx := context.Background()
	client := s3.NewFromConfig(cfg)

	key, err := kms.NewFromConfig(cfg).CreateKey(ctx, &kms.CreateKeyInput{})
	require.NoError(t, err)
	keyARN := aws.ToString(key.KeyMetadata.Arn)
	_, err = client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("upload-test")})
	require.NoError(t, err)

	tests := []struct {
		name     string
		size     int
		cancelAt int // cancel the context after this many bytes; 0 never
	}{
		{name: "single put", size: 1000},
		{name: "multipart", size: 2*MinPartSize + 123},
		{name: "cancelled mid-way", size: 3 * MinPartSize, cancelAt: MinPartSize + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objKey := "out/" + tt.name
			data := bytes.Repeat([]byte("abcdefghij"), tt.size/10+1)[:tt.size]
			wctx, cancel := context.WithCancel(ctx)
			defer cancel()
			w := New(wctx, client, Target{Bucket: "upload-test", Key: objKey, KMSKeyARN: keyARN,
				ContentType: "application/x-ndjson"}, MinPartSize)

			err := write(w, data, tt.cancelAt, cancel)
			if tt.cancelAt > 0 {
				require.Error(t, err)
				require.NoError(t, w.Abort())
				assertNoTrace(t, client, objKey)
				return
			}
			require.NoError(t, err)

			head, err := client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("upload-test"), Key: &objKey})
			require.NoError(t, err)
			assert.Equal(t, types.ServerSideEncryptionAwsKms, head.ServerSideEncryption)
			assert.Equal(t, keyARN, aws.ToString(head.SSEKMSKeyId))

			got, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("upload-test"), Key: &objKey})
			require.NoError(t, err)
			body, err := io.ReadAll(got.Body)
			require.NoError(t, err)
			assert.True(t, bytes.Equal(data, body), "object holds what was written")
		})
	}
}

// write writes data, cancelling after cancelAt bytes when it is set, and
// closes the writer unless it failed.
func write(w *Writer, data []byte, cancelAt int, cancel context.CancelFunc) error {
	if cancelAt > 0 {
		if _, err := w.Write(data[:cancelAt]); err != nil {
			return err
		}
		cancel()
		data = data[cancelAt:]
	}
	if _, err := writeInChunks(w, data); err != nil {
		return err
	}
	return w.Close()
}

func assertNoTrace(t *testing.T, client *s3.Client, key string) {
	t.Helper()
	ctx := context.Background()
	_, err := client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String("upload-test"), Key: &key})
	require.Error(t, err, "no object is left behind")

	uploads, err := client.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String("upload-test")})
	require.NoError(t, err)
	assert.Empty(t, uploads.Uploads, "no parts are left behind")
}
