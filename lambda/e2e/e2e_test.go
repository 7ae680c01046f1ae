package e2e

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/lambda/fieldpolicy"
	"github.com/securepipe/securepipe/lambda/permissions"
	"github.com/securepipe/securepipe/lambda/processor"
	"github.com/securepipe/securepipe/lambda/pseudonym"
)

// input is one object the tests upload and the outputs expected of it.
type input struct {
	name    string // names the golden directory under testdata/outputs
	key     string
	body    []byte
	format  fieldpolicy.Format
	version string
}

func (in input) layout() processor.Layout {
	return processor.OutputKeys(processor.Object{Key: in.key, VersionID: in.version}, in.format)
}

// TestEndToEnd runs the function under the Runtime Interface Emulator
// through a sequence of invocations that share one warm container, as
// Lambda would, then checks what the function did to AWS as a whole.
func TestEndToEnd(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	bootstrap := buildBootstrap(t, dir)
	rie := buildRIE(t, dir)
	fn := startEmulator(t, rie, bootstrap, f.functionEnv())

	small := []*input{
		{name: "customers-jsonl", key: "customers/2026/ada lovelace.jsonl", body: adaInput(),
			format: fieldpolicy.FormatJSONL},
		{name: "customers-gzip", key: "customers/2026/batch.jsonl.gz", body: gzipped(t, []byte(batchJSONL)),
			format: fieldpolicy.FormatJSONL},
		{name: "orders-csv", key: "orders/2026/orders.csv", body: []byte(ordersCSV), format: fieldpolicy.FormatCSV},
	}
	largeIn, largeWant := largeInput(40_000, tokenizer(t, secretVersion1))
	large := &input{name: "large", key: "customers/2026/large.jsonl", body: largeIn, format: fieldpolicy.FormatJSONL}
	all := append(slices.Clone(small), large)

	batch := []events.SQSMessage{f.testEventMessage()}
	for _, in := range all {
		in.version = f.put(t, in.key, in.body)
		batch = append(batch, f.message(in.key, in.version))
	}

	t.Run("processes every format", func(t *testing.T) {
		resp := fn.invoke(t, events.SQSEvent{Records: batch})
		require.Empty(t, resp.BatchItemFailures)

		for _, in := range small {
			checkOutputs(t, f, in)
		}
		got, _ := f.get(t, large.layout().Processed)
		assert.True(t, string(largeWant) == string(got), "large output differs from the expected %d bytes", len(largeWant))
		checkManifest(t, f, large, `"recordsWritten": 40000`)
	})

	t.Run("encrypts every output under the data key", func(t *testing.T) {
		for _, key := range outputKeys(t, f) {
			_, head := f.get(t, key)
			assert.Equal(t, types.ServerSideEncryptionAwsKms, head.ServerSideEncryption, key)
			assert.Equal(t, f.names.DataKeyARN, aws.ToString(head.SSEKMSKeyId), key)
		}
	})

	t.Run("reprocessing changes nothing", func(t *testing.T) {
		before := f.versions(t)
		resp := fn.invoke(t, events.SQSEvent{Records: batch})
		require.Empty(t, resp.BatchItemFailures)
		assert.Equal(t, before, f.versions(t), "no output is written again")
		for _, in := range small {
			checkOutputs(t, f, in)
		}
	})

	t.Run("a poison object fails only its own message", func(t *testing.T) {
		good := &input{name: "orders-more", key: "orders/2026/more.csv", body: []byte(moreCSV),
			format: fieldpolicy.FormatCSV}
		good.version = f.put(t, good.key, good.body)
		cutIn, _ := largeInput(60_000, tokenizer(t, secretVersion1))
		poison := map[string][]byte{
			"unknown/2026/stray.jsonl":               []byte(`{"customer_id":"c-1"}` + "\n"),
			"customers/2026/cut.jsonl.gz":            truncated(gzipped(t, cutIn), 0.6),
			"customers/2026/cut-quarantine.jsonl.gz": truncated(gzipped(t, badLines(120_000)), 0.9),
		}

		var msgs []events.SQSMessage
		var wantFailed []string
		for _, key := range []string{"unknown/2026/stray.jsonl", "customers/2026/cut.jsonl.gz"} {
			m := f.message(key, f.put(t, key, poison[key]))
			msgs, wantFailed = append(msgs, m), append(wantFailed, m.MessageId)
		}
		msgs = append(msgs, f.message(good.key, good.version))
		garbage := f.rawMessage("this is not an S3 notification")
		key := "customers/2026/cut-quarantine.jsonl.gz"
		last := f.message(key, f.put(t, key, poison[key]))
		msgs, wantFailed = append(msgs, garbage, last), append(wantFailed, garbage.MessageId, last.MessageId)

		resp := fn.invoke(t, events.SQSEvent{Records: msgs})
		assert.Equal(t, wantFailed, failedIDs(resp))
		checkOutputs(t, f, good)
		assert.Empty(t, f.openUploads(t), "failed objects leave no parts behind")
		for _, k := range outputKeys(t, f) {
			for p := range poison {
				assert.NotContains(t, k, p, "a failed object leaves no output")
			}
		}
	})

	rotated := &input{name: "after-rotation", key: "customers/2026/after-rotation.jsonl",
		body: []byte(rotationJSONL), format: fieldpolicy.FormatJSONL}
	t.Run("a rotated key is used once its version is checked", func(t *testing.T) {
		f.rotate(t, secretVersion2)
		time.Sleep(2500 * time.Millisecond) // past KEY_REFRESH_INTERVAL
		rotated.version = f.put(t, rotated.key, rotated.body)

		resp := fn.invoke(t, events.SQSEvent{Records: []events.SQSMessage{f.message(rotated.key, rotated.version)}})
		require.Empty(t, resp.BatchItemFailures)
		checkOutputs(t, f, rotated)
		checkManifest(t, f, rotated, `"keyVersion": "`+pseudonym.Fingerprint(keyMaterial(secretVersion2))+`"`)
		checkManifest(t, f, rotated, `"secretVersionId": "`+secretVersion2+`"`)

		processed, _ := f.get(t, rotated.layout().Processed)
		assert.Contains(t, string(processed), tokenizer(t, secretVersion2).Token("ada@example.com"))
		assert.NotContains(t, string(processed), tokenizer(t, secretVersion1).Token("ada@example.com"),
			"another key gives other tokens")
	})

	t.Run("a secret update that keeps the key keeps the tokens", func(t *testing.T) {
		f.putSecret(t, secretVersion3, secretString(keyMaterial(secretVersion2), newAPIToken))
		time.Sleep(2500 * time.Millisecond) // past KEY_REFRESH_INTERVAL
		in := &input{name: "after-update", key: "customers/2026/after-update.jsonl",
			body: rotated.body, format: fieldpolicy.FormatJSONL}
		in.version = f.put(t, in.key, in.body)

		resp := fn.invoke(t, events.SQSEvent{Records: []events.SQSMessage{f.message(in.key, in.version)}})
		require.Empty(t, resp.BatchItemFailures)
		checkOutputs(t, f, in)
		checkManifest(t, f, in, `"keyVersion": "`+pseudonym.Fingerprint(keyMaterial(secretVersion2))+`"`)
		checkManifest(t, f, in, `"secretVersionId": "`+secretVersion3+`"`, "the new secret version was read")

		before, _ := f.get(t, rotated.layout().Processed)
		after, _ := f.get(t, in.layout().Processed)
		assert.Equal(t, string(before), string(after), "the same key under another secret version")
	})

	t.Run("tokens made before the rotation can still be explained", func(t *testing.T) {
		in := small[0] // processed under the first key
		manifest := readManifest(t, f, in)
		token := firstEmail(t, f, in)

		got := explainToken(t, f.secrets, f.names.SecretARN, token, manifest.SecretVersionID)
		assert.Equal(t, foundByManifest, got.foundBy)
		assert.Equal(t, secretVersion1, got.versionID)
		assert.Equal(t, token, pseudonym.New(got.key).Token("ada@example.com"))

		got = explainToken(t, f.secrets, f.names.SecretARN, token, "")
		assert.Equal(t, foundListed, got.foundBy,
			"AWSPREVIOUS followed the update that kept the key, so only the listing finds the first")
		assert.Equal(t, secretVersion1, got.versionID)
		assert.Equal(t, token, pseudonym.New(got.key).Token("ada@example.com"))
	})

	t.Run("logs are JSON with the request ID and nothing secret", func(t *testing.T) {
		checkLogs(t, fn)
	})

	t.Run("operations match the golden file", func(t *testing.T) {
		got := permissions.Format(f.recorder.Grants())
		checkGolden(t, filepath.Join("testdata", "operations.golden"), got, nil)
	})
}

// checkOutputs compares the outputs of in with its golden files.
func checkOutputs(t *testing.T, f *fixture, in *input) {
	t.Helper()
	l := in.layout()
	sum := sha256.Sum256(in.body)
	vary := map[string]string{in.version: "{inputVersionId}", hex.EncodeToString(sum[:]): "{inputSha256}"}
	dir := filepath.Join("testdata", "outputs", in.name)

	processed, _ := f.get(t, l.Processed)
	checkGolden(t, filepath.Join(dir, "processed"+filepath.Ext(l.Processed)), processed, vary)
	manifest, _ := f.get(t, l.Manifest)
	checkGolden(t, filepath.Join(dir, "manifest.json"), manifest, vary)

	var m processor.Manifest
	require.NoError(t, json.Unmarshal(manifest, &m))
	if m.RecordsQuarantined > 0 {
		quarantine, _ := f.get(t, l.Quarantine)
		checkGolden(t, filepath.Join(dir, "quarantine.jsonl"), quarantine, vary)
	}
}

func checkManifest(t *testing.T, f *fixture, in *input, want string, msgAndArgs ...any) {
	t.Helper()
	manifest, _ := f.get(t, in.layout().Manifest)
	assert.Contains(t, string(manifest), want, msgAndArgs...)
}

func readManifest(t *testing.T, f *fixture, in *input) processor.Manifest {
	t.Helper()
	b, _ := f.get(t, in.layout().Manifest)
	var m processor.Manifest
	require.NoError(t, json.Unmarshal(b, &m))
	return m
}

// firstEmail returns the email member of the first processed record of in.
func firstEmail(t *testing.T, f *fixture, in *input) string {
	t.Helper()
	processed, _ := f.get(t, in.layout().Processed)
	first, _, _ := strings.Cut(string(processed), "\n")
	var rec struct {
		Email string `json:"email"`
	}
	require.NoError(t, json.Unmarshal([]byte(first), &rec))
	return rec.Email
}

func outputKeys(t *testing.T, f *fixture) []string {
	t.Helper()
	var keys []string
	seen := map[string]bool{}
	for _, kv := range f.versions(t) {
		k := kv[:strings.LastIndex(kv, "@")]
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys
}

func failedIDs(resp events.SQSEventResponse) []string {
	var ids []string
	for _, f := range resp.BatchItemFailures {
		ids = append(ids, f.ItemIdentifier)
	}
	return ids
}

// checkLogs checks the function's log lines: JSON, with the request ID on
// every line about a message, one error line per failed message, and no
// key material, credential or record content anywhere in the output.
func checkLogs(t *testing.T, fn *emulator) {
	t.Helper()
	errorsLogged := 0
	for _, entry := range fn.functionLogs(t) {
		if _, ok := entry["messageId"]; ok || entry["msg"] == "batch done" {
			assert.NotEmpty(t, entry["requestId"], entry)
		}
		if entry["level"] == "ERROR" {
			errorsLogged++
		}
	}
	assert.Equal(t, 4, errorsLogged, "one error line for each failed message")

	out := fn.out.String()
	for _, v := range []string{secretVersion1, secretVersion2} { // version 3 holds version 2's key
		material := keyMaterial(v)
		for _, secret := range []string{base64.StdEncoding.EncodeToString(material), hex.EncodeToString(material),
			string(material)} {
			assert.NotContains(t, out, secret, "key material reached the logs")
		}
	}
	assert.NotContains(t, out, apiToken)
	assert.NotContains(t, out, newAPIToken)
	for _, content := range []string{"ada@example.com", "111-22-3333", "Ada Lovelace", "this line is not json",
		"user0000001@example.com", "not a record"} {
		assert.NotContains(t, out, content, "record content reached the logs")
	}
}
