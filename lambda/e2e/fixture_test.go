package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/securepipe/securepipe/lambda/internal/motoserver"
	"github.com/securepipe/securepipe/lambda/pseudonym"
)

// Names of the deployment under test.
const (
	environment  = "e2e"
	inputBucket  = "securepipe-input-e2e"
	outputBucket = "securepipe-output-e2e"
	secretName   = "securepipe/pseudonymisation-e2e"
)

// Secret versions are fixed through ClientRequestToken, so tokens and
// manifests are the same in every run. Versions 1 and 2 hold keys of their
// own; version 3 keeps version 2's key and changes only the API token.
const (
	secretVersion1 = "11111111-1111-4111-8111-111111111111"
	secretVersion2 = "22222222-2222-4222-8222-222222222222"
	secretVersion3 = "33333333-3333-4333-8333-333333333333"
)

// apiToken and newAPIToken are credentials stored beside the key, which
// the function must neither use nor log.
const (
	apiToken    = "e2e-api-token-must-never-be-logged"
	newAPIToken = "e2e-new-api-token-must-never-be-logged"
)

// fieldPolicy is the policy under test; its small record limit lets the
// tests produce oversize records cheaply.
const fieldPolicy = `{"maxRecordBytes":512,"datasets":[
 {"name":"customers","prefix":"customers/","format":"jsonl","required":["customer_id"],
  "fields":{"customer_id":"keep","email":"pseudonymise","phone":"pseudonymise","ssn":"pseudonymise",
            "name":"redact","notes":"drop","country":"keep"}},
 {"name":"orders","prefix":"orders/","format":"csv","required":["order_id"],
  "fields":{"order_id":"keep","email":"pseudonymise","total":"keep","card":"redact"}}]}`

// fixture is a moto server with the deployment's resources, a recording
// proxy in front of it and the function's environment.
type fixture struct {
	s3       *s3.Client
	secrets  *secretsmanager.Client
	names    Names
	recorder *Recorder
	proxy    string
	msgs     int
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	srv := motoserver.Start(t)
	cfg := srv.Config(t)
	ctx := context.Background()
	f := &fixture{s3: s3.NewFromConfig(cfg), secrets: secretsmanager.NewFromConfig(cfg)}

	key, err := kms.NewFromConfig(cfg).CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String("data key")})
	must(t, err, "create data key")
	f.names.DataKeyARN = aws.ToString(key.KeyMetadata.Arn)
	f.names.InputBucket, f.names.OutputBucket = inputBucket, outputBucket

	for _, b := range []string{inputBucket, outputBucket} {
		_, err := f.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b)})
		must(t, err, "create bucket")
		_, err = f.s3.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(b),
			VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}})
		must(t, err, "enable versioning")
	}

	secret, err := f.secrets.CreateSecret(ctx, &secretsmanager.CreateSecretInput{
		Name: aws.String(secretName), ClientRequestToken: aws.String(secretVersion1),
		SecretString: aws.String(secretString(keyMaterial(secretVersion1), apiToken)),
	})
	must(t, err, "create secret")
	f.names.SecretARN = aws.ToString(secret.ARN)

	f.recorder, err = NewRecorder(srv.Endpoint, f.names)
	must(t, err, "start recorder")
	proxy := httptest.NewServer(f.recorder)
	t.Cleanup(proxy.Close)
	f.proxy = proxy.URL
	return f
}

// functionEnv is the complete environment of the function: what the
// template sets, plus what Lambda and the tests provide.
func (f *fixture) functionEnv() []string {
	return []string{
		"ENVIRONMENT=" + environment,
		"INPUT_BUCKET=" + inputBucket,
		"OUTPUT_BUCKET=" + outputBucket,
		"DATA_KEY_ARN=" + f.names.DataKeyARN,
		"SECRET_ARN=" + f.names.SecretARN,
		"FIELD_POLICY=" + fieldPolicy,
		"KEY_REFRESH_INTERVAL=2s",
		"AWS_REGION=" + motoserver.Region,
		"AWS_ACCESS_KEY_ID=" + motoserver.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY=" + motoserver.SecretAccessKey,
		"AWS_ENDPOINT_URL=" + f.proxy,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_LAMBDA_FUNCTION_NAME=processor-" + environment,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=512",
		"AWS_LAMBDA_FUNCTION_TIMEOUT=120",
		"LOG_LEVEL=warn",
	}
}

// keyMaterial derives the test key of a secret version.
func keyMaterial(version string) []byte {
	sum := sha256.Sum256([]byte("securepipe end-to-end key " + version))
	return sum[:]
}

// secretString is a secret value holding the key beside an API token.
func secretString(material []byte, token string) string {
	b, _ := json.Marshal(map[string]string{
		"api_token":            token,
		"pseudonymisation_key": base64.StdEncoding.EncodeToString(material),
	})
	return string(b)
}

// tokenizer makes tokens under the test key of a secret version.
func tokenizer(t testing.TB, version string) *pseudonym.Tokenizer {
	t.Helper()
	k, err := pseudonym.NewKey(keyMaterial(version))
	must(t, err, "make key")
	return pseudonym.New(k)
}

// rotate stages a new secret version with a new key as AWSCURRENT.
func (f *fixture) rotate(t testing.TB, version string) {
	t.Helper()
	f.putSecret(t, version, secretString(keyMaterial(version), apiToken))
}

// putSecret stages a new secret version holding value as AWSCURRENT.
func (f *fixture) putSecret(t testing.TB, version, value string) {
	t.Helper()
	_, err := f.secrets.PutSecretValue(context.Background(), &secretsmanager.PutSecretValueInput{
		SecretId: aws.String(f.names.SecretARN), ClientRequestToken: aws.String(version),
		SecretString: aws.String(value),
	})
	must(t, err, "put secret version "+version)
}

// put uploads an input object encrypted under the data key, as the input
// bucket's default encryption would, and returns its version.
func (f *fixture) put(t testing.TB, key string, body []byte) string {
	t.Helper()
	out, err := f.s3.PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String(inputBucket), Key: aws.String(key), Body: bytes.NewReader(body),
		ServerSideEncryption: types.ServerSideEncryptionAwsKms, SSEKMSKeyId: aws.String(f.names.DataKeyARN),
	})
	must(t, err, "put input "+key)
	return aws.ToString(out.VersionId)
}

// get returns an output object's body and its encryption.
func (f *fixture) get(t testing.TB, key string) ([]byte, *s3.HeadObjectOutput) {
	t.Helper()
	ctx := context.Background()
	head, err := f.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(outputBucket), Key: aws.String(key)})
	must(t, err, "head "+key)
	out, err := f.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(outputBucket), Key: aws.String(key)})
	must(t, err, "get "+key)
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	must(t, err, "read "+key)
	return b, head
}

// versions lists every version of every output object as "key@version".
func (f *fixture) versions(t testing.TB) []string {
	t.Helper()
	out, err := f.s3.ListObjectVersions(context.Background(),
		&s3.ListObjectVersionsInput{Bucket: aws.String(outputBucket)})
	must(t, err, "list output versions")
	var keys []string
	for _, v := range out.Versions {
		keys = append(keys, aws.ToString(v.Key)+"@"+aws.ToString(v.VersionId))
	}
	return keys
}

// openUploads lists multipart uploads left in the output bucket.
func (f *fixture) openUploads(t testing.TB) []string {
	t.Helper()
	out, err := f.s3.ListMultipartUploads(context.Background(),
		&s3.ListMultipartUploadsInput{Bucket: aws.String(outputBucket)})
	must(t, err, "list uploads")
	var keys []string
	for _, u := range out.Uploads {
		keys = append(keys, aws.ToString(u.Key))
	}
	return keys
}

// message returns an SQS message carrying S3's notification of a created
// object, as the queue would deliver it.
func (f *fixture) message(key, version string) events.SQSMessage {
	body, _ := json.Marshal(map[string]any{"Records": []any{map[string]any{
		"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": motoserver.Region,
		"eventTime": "2026-01-01T00:00:00.000Z", "eventName": "ObjectCreated:Put",
		"s3": map[string]any{
			"s3SchemaVersion": "1.0", "configurationId": "input-created",
			"bucket": map[string]any{"name": inputBucket, "arn": "arn:aws:s3:::" + inputBucket},
			"object": map[string]any{"key": eventKey(key), "versionId": version, "size": 1,
				"sequencer": "0055AED6DCD90281E5"},
		},
	}}})
	return f.rawMessage(string(body))
}

// eventKey encodes an object key as S3 notifications do: form-encoded,
// slashes kept.
func eventKey(key string) string {
	return strings.ReplaceAll(url.QueryEscape(key), "%2F", "/")
}

// testEventMessage is the message S3 sends when notifications are set up.
func (f *fixture) testEventMessage() events.SQSMessage {
	return f.rawMessage(`{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-01-01T00:00:00.000Z",` +
		`"Bucket":"` + inputBucket + `","RequestId":"R1","HostId":"H1"}`)
}

func (f *fixture) rawMessage(body string) events.SQSMessage {
	f.msgs++
	return events.SQSMessage{
		MessageId:      fmt.Sprintf("msg-%03d", f.msgs),
		ReceiptHandle:  fmt.Sprintf("receipt-%03d", f.msgs),
		Body:           body,
		Attributes:     map[string]string{"ApproximateReceiveCount": "1"},
		EventSource:    "aws:sqs",
		EventSourceARN: "arn:aws:sqs:" + motoserver.Region + ":123456789012:input-" + environment,
		AWSRegion:      motoserver.Region,
	}
}

func must(t testing.TB, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}
