package processor

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/lambda/fieldpolicy"
	"github.com/securepipe/securepipe/lambda/internal/motoserver"
	"github.com/securepipe/securepipe/lambda/keysource"
	"github.com/securepipe/securepipe/lambda/pseudonym"
)

const (
	inBucket  = "input-test"
	outBucket = "output-test"
)

const testPolicy = `{"maxRecordBytes":80,"datasets":[
 {"name":"customers","prefix":"customers/","format":"jsonl","required":["customer_id"],
  "fields":{"customer_id":"keep","email":"pseudonymise","name":"redact","notes":"drop"}},
 {"name":"orders","prefix":"orders/","format":"csv","required":["order_id"],
  "fields":{"order_id":"keep","email":"pseudonymise","total":"keep"}}]}`

// secretVersion is the secret version fixedKey says its key came from.
const secretVersion = "5f1c3a9e-6b1d-4c1e-9a7f-2f0b8d4e1c11"

// fixedKey serves one key, as read from secretVersion.
type fixedKey struct{ key pseudonym.Key }

func (f fixedKey) Key(context.Context) (keysource.Key, error) {
	return keysource.Key{Key: f.key, SecretVersionID: secretVersion}, nil
}

type env struct {
	s3     *s3.Client
	keyARN string
	proc   *Processor
	tok    *pseudonym.Tokenizer
}

func newEnv(t *testing.T) *env {
	t.Helper()
	srv := motoserver.Start(t)
	cfg := srv.Config(t)
	ctx := context.Background()
	e := &env{s3: s3.NewFromConfig(cfg)}

	key, err := kms.NewFromConfig(cfg).CreateKey(ctx, &kms.CreateKeyInput{})
	require.NoError(t, err)
	e.keyARN = aws.ToString(key.KeyMetadata.Arn)
	for _, b := range []string{inBucket, outBucket} {
		_, err := e.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b)})
		require.NoError(t, err)
		_, err = e.s3.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(b),
			VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}})
		require.NoError(t, err)
	}

	policy, err := fieldpolicy.Parse([]byte(testPolicy))
	require.NoError(t, err)
	pk, err := pseudonym.NewKey(bytes.Repeat([]byte{9}, 32))
	require.NoError(t, err)
	e.tok = pseudonym.New(pk)
	e.proc = New(Config{OutputBucket: outBucket, DataKeyARN: e.keyARN, Policy: policy}, e.s3, fixedKey{pk})
	return e
}

func (e *env) put(t *testing.T, key string, body []byte) Object {
	t.Helper()
	out, err := e.s3.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String(inBucket), Key: aws.String(key), Body: bytes.NewReader(body)})
	require.NoError(t, err)
	return Object{Bucket: inBucket, Key: key, VersionID: aws.ToString(out.VersionId)}
}

func (e *env) get(t *testing.T, key string) string {
	t.Helper()
	out, err := e.s3.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(outBucket), Key: &key})
	require.NoError(t, err, key)
	defer out.Body.Close()
	assert.Equal(t, types.ServerSideEncryptionAwsKms, out.ServerSideEncryption, key)
	assert.Equal(t, e.keyARN, aws.ToString(out.SSEKMSKeyId), key)
	b, err := io.ReadAll(out.Body)
	require.NoError(t, err)
	return string(b)
}

// outputs lists every version of every output object.
func (e *env) outputs(t *testing.T) []string {
	t.Helper()
	out, err := e.s3.ListObjectVersions(context.Background(), &s3.ListObjectVersionsInput{Bucket: aws.String(outBucket)})
	require.NoError(t, err)
	var keys []string
	for _, v := range out.Versions {
		keys = append(keys, aws.ToString(v.Key))
	}
	uploads, err := e.s3.ListMultipartUploads(context.Background(),
		&s3.ListMultipartUploadsInput{Bucket: aws.String(outBucket)})
	require.NoError(t, err)
	for _, u := range uploads.Uploads {
		keys = append(keys, "upload:"+aws.ToString(u.Key))
	}
	return keys
}

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, err := w.Write([]byte(s))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return b.Bytes()
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestProcess(t *testing.T) {
	e := newEnv(t)
	ada := e.tok.Token("ada@example.com")

	jsonl := `{"customer_id":"c1","email":"ada@example.com","name":"Ada","notes":"n","x":1}
not json
{"email":"no-id@example.com"}

{"customer_id":"c4","notes":"` + strings.Repeat("z", 80) + `"}
{"customer_id":"c5","email":"ada@example.com"}
`
	wantJSONL := `{"customer_id":"c1","email":"` + ada + `","name":"[redacted]"}
{"customer_id":"c5","email":"` + ada + `"}
`
	wantQuarantine := `{"line":2,"reason":"record is not valid JSON","record":"not json"}
{"line":3,"reason":"missing required field \"customer_id\"","record":"{\"email\":\"no-id@example.com\"}"}
{"line":5,"reason":"record exceeds the record size limit"}
`
	csv := "order_id,email,total,secret\r\n1,ada@example.com,9.50,s\r\n,b@example.com,1,s\r\n2,\"a,b\",3,s\r\n3,x\r\n"
	wantCSV := "order_id,email,total\n1," + ada + ",9.50\n2," + e.tok.Token("a,b") + ",3\n"

	tests := []struct {
		name           string
		key            string
		body           []byte
		wantProcessed  string
		wantQuarantine string
		wantManifest   Manifest
	}{
		{name: "json lines", key: "customers/plain.jsonl", body: []byte(jsonl),
			wantProcessed: wantJSONL, wantQuarantine: wantQuarantine,
			wantManifest: Manifest{Compression: "none", Dataset: "customers", Format: "jsonl",
				RecordsRead: 5, RecordsWritten: 2, RecordsQuarantined: 3}},
		{name: "gzip json lines", key: "customers/packed.jsonl.gz", body: gz(t, jsonl),
			wantProcessed: wantJSONL, wantQuarantine: wantQuarantine,
			wantManifest: Manifest{Compression: "gzip", Dataset: "customers", Format: "jsonl",
				RecordsRead: 5, RecordsWritten: 2, RecordsQuarantined: 3}},
		{name: "csv", key: "orders/o.csv", body: []byte(csv), wantProcessed: wantCSV,
			wantQuarantine: `{"line":3,"reason":"missing required field \"order_id\"","record":",b@example.com,1,s"}
{"line":5,"reason":"record has 2 fields, the header names 4","record":"3,x"}
`,
			wantManifest: Manifest{Compression: "none", Dataset: "orders", Format: "csv",
				RecordsRead: 4, RecordsWritten: 2, RecordsQuarantined: 2}},
		{name: "empty", key: "customers/empty.jsonl", body: nil, wantProcessed: "",
			wantManifest: Manifest{Compression: "none", Dataset: "customers", Format: "jsonl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj := e.put(t, tt.key, tt.body)
			layout := OutputKeys(obj, fieldpolicy.Format(tt.wantManifest.Format))

			res, err := e.proc.Process(context.Background(), obj)
			require.NoError(t, err)
			require.False(t, res.Skipped)

			want := tt.wantManifest
			want.InputBucket, want.InputKey, want.InputVersionID = inBucket, tt.key, obj.VersionID
			want.InputSHA256, want.InputBytes = sha(tt.body), int64(len(tt.body))
			want.KeyVersion, want.SecretVersionID = pseudonym.Fingerprint(bytes.Repeat([]byte{9}, 32)), secretVersion
			want.ProcessedKey = layout.Processed
			if tt.wantQuarantine != "" {
				want.QuarantineKey = layout.Quarantine
			}
			assert.Equal(t, want, res.Manifest)

			assert.Equal(t, tt.wantProcessed, e.get(t, layout.Processed))
			if tt.wantQuarantine != "" {
				assert.Equal(t, tt.wantQuarantine, e.get(t, layout.Quarantine))
			}
			var stored Manifest
			require.NoError(t, json.Unmarshal([]byte(e.get(t, layout.Manifest)), &stored))
			assert.Equal(t, want, stored)

			before := e.outputs(t)
			again, err := e.proc.Process(context.Background(), obj)
			require.NoError(t, err)
			assert.True(t, again.Skipped, "a processed object is not processed again")
			assert.Equal(t, before, e.outputs(t), "reprocessing writes nothing")
		})
	}
}

func TestProcessFailures(t *testing.T) {
	e := newEnv(t)
	big := strings.Repeat(`{"customer_id":"c1","email":"ada@example.com"}`+"\n", 200_000)
	truncated := gz(t, big)
	truncated = truncated[:len(truncated)/2]

	tests := []struct {
		name    string
		key     string
		body    []byte
		wantErr string
	}{
		{name: "no dataset", key: "unknown/a.jsonl", body: []byte(`{"customer_id":"c1"}`),
			wantErr: ErrNoDataset.Error()},
		{name: "truncated gzip", key: "customers/cut.jsonl.gz", body: truncated,
			wantErr: "unexpected EOF"},
		{name: "corrupt gzip header", key: "customers/bad.gz", body: []byte{0x1f, 0x8b, 0, 0},
			wantErr: "read gzip header of customers/bad.gz"},
		{name: "duplicate csv column", key: "orders/dup.csv", body: []byte("order_id,order_id\n1,1\n"),
			wantErr: "column 2 repeats an earlier column name"},
		{name: "malformed csv header", key: "orders/h.csv", body: []byte("order_id,\"x\n1,2\n"),
			wantErr: "csv header: malformed CSV"},
		{name: "oversize csv header", key: "orders/long.csv", body: []byte(strings.Repeat("c", 100) + "\n1\n"),
			wantErr: "csv header exceeds the record size limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj := e.put(t, tt.key, tt.body)
			e.proc.cfg.PartSize = 5 << 20

			_, err := e.proc.Process(context.Background(), obj)
			require.ErrorContains(t, err, tt.wantErr)
			assert.NotContains(t, err.Error(), "ada@example.com")
			assert.Empty(t, e.outputs(t), "a failed object leaves no output and no parts")
		})
	}
}

func TestOutputKeys(t *testing.T) {
	tests := []struct {
		name string
		obj  Object
		fmt  fieldpolicy.Format
		want Layout
	}{
		{name: "versioned json lines", obj: Object{Key: "customers/a.jsonl", VersionID: "3HL4kqtJ"},
			fmt: fieldpolicy.FormatJSONL, want: Layout{
				Processed:  "processed/customers/a.jsonl/3HL4kqtJ.jsonl",
				Quarantine: "quarantine/customers/a.jsonl/3HL4kqtJ.jsonl",
				Manifest:   "manifests/customers/a.jsonl/3HL4kqtJ.json"}},
		{name: "unversioned csv", obj: Object{Key: "orders/o.csv.gz"}, fmt: fieldpolicy.FormatCSV,
			want: Layout{
				Processed:  "processed/orders/o.csv.gz/null.csv",
				Quarantine: "quarantine/orders/o.csv.gz/null.jsonl",
				Manifest:   "manifests/orders/o.csv.gz/null.json"}},
		{name: "slash in version is escaped", obj: Object{Key: "a/b", VersionID: "x/y+z"},
			fmt: fieldpolicy.FormatJSONL, want: Layout{
				Processed:  "processed/a/b/x%2Fy+z.jsonl",
				Quarantine: "quarantine/a/b/x%2Fy+z.jsonl",
				Manifest:   "manifests/a/b/x%2Fy+z.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, OutputKeys(tt.obj, tt.fmt))
		})
	}
	assert.False(t, OutputKeys(Object{Key: strings.Repeat("k", 1010)}, fieldpolicy.FormatJSONL).fits())
}
