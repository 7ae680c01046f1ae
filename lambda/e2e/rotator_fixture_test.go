package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/securepipe/securepipe/lambda/internal/motoserver"
	"github.com/securepipe/securepipe/lambda/rotation"
)

// rotatedSecretName names the secret the rotator rotates.
const rotatedSecretName = "securepipe/pseudonymisation-rotation-e2e"

// rotatedValue is the secret's first value: the key beside a credential
// and a nested member, laid out with white space that rotation must keep.
var rotatedValue = "{\n  \"api_token\": \"" + apiToken + "\",\n  \"pseudonymisation_key\": \"" +
	base64.StdEncoding.EncodeToString(keyMaterial(secretVersion1)) + "\",\n" +
	"  \"owner\": {\"team\": \"data-platform\", \"ticketing\": [1, 2.5, null]}\n}\n"

// rotatorFixture is a moto server holding the pipeline's secret with
// rotation enabled, a recording proxy in front of it, a fault injector in
// front of that, and the rotator's environment.
//
// Moto stands in for Secrets Manager's side of a rotation: RotateSecret
// stages an empty version AWSPENDING under the token, as Secrets Manager
// does, and "invokes" the rotation function registered with it through
// moto's Docker-less Lambda, which does nothing. The tests then invoke the
// real function under the emulator with the four steps, as Secrets
// Manager would.
type rotatorFixture struct {
	secrets   *secretsmanager.Client
	names     Names
	lambdaARN string
	recorder  *Recorder
	faults    *faults
	proxy     string
}

func newRotatorFixture(t testing.TB) *rotatorFixture {
	t.Helper()
	srv := motoserver.Start(t)
	useLambdaWithoutDocker(t, srv.Endpoint)
	cfg := srv.Config(t)
	ctx := context.Background()
	f := &rotatorFixture{secrets: secretsmanager.NewFromConfig(cfg)}

	role, err := iam.NewFromConfig(cfg).CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("rotator-e2e"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
			`"Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)})
	must(t, err, "create rotator role")
	fn, err := lambda.NewFromConfig(cfg).CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: aws.String("rotator-" + environment), Role: role.Role.Arn,
		Runtime: lambdatypes.RuntimeProvidedal2023, Handler: aws.String("bootstrap"),
		Architectures: []lambdatypes.Architecture{lambdatypes.ArchitectureArm64},
		Code:          &lambdatypes.FunctionCode{ZipFile: placeholderZip(t)},
	})
	must(t, err, "register rotator with moto")
	f.lambdaARN = aws.ToString(fn.FunctionArn)

	secret, err := f.secrets.CreateSecret(ctx, &secretsmanager.CreateSecretInput{
		Name: aws.String(rotatedSecretName), ClientRequestToken: aws.String(secretVersion1),
		SecretString: aws.String(rotatedValue),
	})
	must(t, err, "create secret")
	f.names.SecretARN = aws.ToString(secret.ARN)

	f.recorder, err = NewRecorder(srv.Endpoint, f.names)
	must(t, err, "start recorder")
	f.faults = &faults{next: f.recorder}
	proxy := httptest.NewServer(f.faults)
	t.Cleanup(proxy.Close)
	f.proxy = proxy.URL
	return f
}

// useLambdaWithoutDocker switches moto to its Lambda that accepts
// invocations without running them.
func useLambdaWithoutDocker(t testing.TB, endpoint string) {
	t.Helper()
	resp, err := http.Post(endpoint+"/moto-api/config", "application/json",
		strings.NewReader(`{"lambda":{"use_docker":false}}`))
	must(t, err, "configure moto's Lambda")
	resp.Body.Close()
}

// placeholderZip is the code moto keeps for the registered function; the
// real one runs under the emulator.
func placeholderZip(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("bootstrap")
	must(t, err, "zip placeholder")
	_, err = io.WriteString(w, "#!/bin/sh\nexit 1\n")
	must(t, err, "zip placeholder")
	must(t, zw.Close(), "zip placeholder")
	return buf.Bytes()
}

// functionEnv is the rotator's complete environment.
func (f *rotatorFixture) functionEnv() []string {
	return []string{
		rotation.EnvSecretARN + "=" + f.names.SecretARN,
		"AWS_REGION=" + motoserver.Region,
		"AWS_ACCESS_KEY_ID=" + motoserver.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY=" + motoserver.SecretAccessKey,
		"AWS_ENDPOINT_URL=" + f.proxy,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_LAMBDA_FUNCTION_NAME=rotator-" + environment,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128",
		"AWS_LAMBDA_FUNCTION_TIMEOUT=30",
	}
}

// startRotation does what Secrets Manager does when a rotation is due:
// with rotation enabled on the secret, it stages an empty version
// AWSPENDING under token.
func (f *rotatorFixture) startRotation(t testing.TB, token string) {
	t.Helper()
	_, err := f.secrets.RotateSecret(context.Background(), &secretsmanager.RotateSecretInput{
		SecretId: aws.String(f.names.SecretARN), ClientRequestToken: aws.String(token),
		RotationLambdaARN: aws.String(f.lambdaARN),
		RotationRules:     &smtypes.RotationRulesType{AutomaticallyAfterDays: aws.Int64(30)},
	})
	must(t, err, "start rotation")
}

// stages returns the staging labels of every version of the secret.
func (f *rotatorFixture) stages(t testing.TB) map[string][]string {
	t.Helper()
	out, err := f.secrets.DescribeSecret(context.Background(),
		&secretsmanager.DescribeSecretInput{SecretId: aws.String(f.names.SecretARN)})
	must(t, err, "describe secret")
	for _, s := range out.VersionIdsToStages {
		slices.Sort(s)
	}
	return out.VersionIdsToStages
}

// value returns a version's value, or "" when it has none.
func (f *rotatorFixture) value(t testing.TB, version, stage string) string {
	t.Helper()
	in := &secretsmanager.GetSecretValueInput{SecretId: aws.String(f.names.SecretARN)}
	if version != "" {
		in.VersionId = aws.String(version)
	}
	if stage != "" {
		in.VersionStage = aws.String(stage)
	}
	out, err := f.secrets.GetSecretValue(context.Background(), in)
	var nf *smtypes.ResourceNotFoundException
	if errors.As(err, &nf) {
		return ""
	}
	must(t, err, "get secret value")
	return aws.ToString(out.SecretString)
}

// state is every version of the secret with its stages and value.
func (f *rotatorFixture) state(t testing.TB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for version, stages := range f.stages(t) {
		out[version] = strings.Join(stages, ",") + " " + f.value(t, version, "")
	}
	return out
}

// members decodes a secret value's members.
func members(t testing.TB, value string) map[string]any {
	t.Helper()
	var m map[string]any
	must(t, json.Unmarshal([]byte(value), &m), "decode secret value")
	return m
}

// invokeStep invokes one rotation step and returns the function's error
// message, or "" when the step succeeded.
func (e *emulator) invokeStep(tb testing.TB, ev rotation.Event) string {
	tb.Helper()
	body, err := json.Marshal(ev)
	must(tb, err, "encode event")
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

	var out struct {
		ErrorMessage string `json:"errorMessage"`
	}
	if string(raw) != "null" {
		must(tb, json.Unmarshal(raw, &out), "decode response "+string(raw))
	}
	return out.ErrorMessage
}
