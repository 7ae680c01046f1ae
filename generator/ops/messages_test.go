package ops

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/generator/stack"
)

// fakeAWS is a stand-in aws command for the tests of what the commands
// say before they change anything: each call "SERVICE OPERATION ..." prints
// the file SERVICE.OPERATION.json of its directory, or fails with the text
// of SERVICE.OPERATION.err; SERVICE.OPERATION.NAME.json, when there, answers
// "SERVICE OPERATION --flag NAME" instead. Every call is logged to calls.
type fakeAWS struct {
	dir string
}

const fakeScript = `#!/bin/sh
echo "$*" >> "$FAKE_AWS/calls"
if [ -f "$FAKE_AWS/$1.$2.$4.json" ]; then cat "$FAKE_AWS/$1.$2.$4.json"; exit 0; fi
if [ -f "$FAKE_AWS/$1.$2.err" ]; then cat "$FAKE_AWS/$1.$2.err" >&2; exit 254; fi
if [ -f "$FAKE_AWS/$1.$2.json" ]; then cat "$FAKE_AWS/$1.$2.json"; exit 0; fi
echo "fake aws: no answer for $1 $2" >&2
exit 255
`

func newFakeAWS(t *testing.T) *fakeAWS {
	t.Helper()
	f := &fakeAWS{dir: t.TempDir()}
	require.NoError(t, os.WriteFile(filepath.Join(f.dir, "aws"), []byte(fakeScript), 0o755))
	return f
}

// answer makes the fake print body for "service operation".
func (f *fakeAWS) answer(t *testing.T, call, body string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(f.dir, strings.Replace(call, " ", ".", 1)+".json"), []byte(body), 0o644))
}

// answerFor makes the fake print body for "service operation --flag name".
func (f *fakeAWS) answerFor(t *testing.T, call, name, body string) {
	t.Helper()
	f.answer(t, call+"."+name, body)
}

// fail makes the fake fail "service operation" saying message.
func (f *fakeAWS) fail(t *testing.T, call, message string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(f.dir, strings.Replace(call, " ", ".", 1)+".err"), []byte(message), 0o644))
}

func (f *fakeAWS) environ() []string {
	return []string{"PATH=" + f.dir + ":/usr/bin:/bin", "FAKE_AWS=" + f.dir, "HOME=" + f.dir}
}

func (f *fakeAWS) calls(t *testing.T) string {
	t.Helper()
	data, _ := os.ReadFile(filepath.Join(f.dir, "calls"))
	return string(data)
}

// signedIn makes the fake answer as a user of account.
func (f *fakeAWS) signedIn(t *testing.T, account string) {
	f.answer(t, "sts get-caller-identity", `{"Account": "`+account+`", "Arn": "arn:aws:iam::`+account+`:user/ops"}`)
}

func stackDeploy(name string, protected bool, capabilities ...string) stack.Deploy {
	return stack.Deploy{StackName: name, Region: "us-east-1", TerminationProtection: protected, Capabilities: capabilities,
		Tags: map[string]string{"Environment": "prod", "DataClassification": "restricted", "Owner": "team@example.com"}}
}

func testOptions(t *testing.T, env string, environ []string) Options {
	t.Helper()
	root := repoRoot(t)
	return Options{Env: env, Spec: filepath.Join(root, "templates", "pipeline.yaml"), Out: filepath.Join(root, "out"),
		Dist: t.TempDir(), Environ: environ}
}

func TestMissingAWSCLI(t *testing.T) {
	for name, run := range map[string]func(context.Context, Options, *bytes.Buffer) error{
		"bootstrap": func(ctx context.Context, o Options, w *bytes.Buffer) error { return Bootstrap(ctx, o, w, w) },
		"deploy":    func(ctx context.Context, o Options, w *bytes.Buffer) error { return Deploy(ctx, o, w, w) },
		"destroy":   func(ctx context.Context, o Options, w *bytes.Buffer) error { return Destroy(ctx, o, w, w) },
	} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), testOptions(t, "dev", []string{"PATH=" + t.TempDir()}), &out)
			require.ErrorIs(t, err, ErrToolMissing)
			assert.Contains(t, err.Error(), "the AWS CLI is not on PATH")
			assert.Contains(t, err.Error(), "Install AWS CLI v2")
			assert.Empty(t, out.String(), "nothing is attempted")
		})
	}
}

// TestMissingCredentials runs the real AWS CLI with no credentials at all;
// it fails before sending anything, so the endpoint never answers.
func TestMissingCredentials(t *testing.T) {
	bin, err := exec.LookPath(awsTool)
	if err != nil {
		if os.Getenv("SECUREPIPE_REQUIRE_MOTO") == "1" {
			t.Fatal("aws is not on PATH; install with: pip install awscli")
		}
		t.Skip("aws is not on PATH")
	}
	dir := t.TempDir()
	for _, f := range []string{"config", "credentials"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), nil, 0o600))
	}
	environ := []string{"PATH=" + filepath.Dir(bin) + ":/usr/bin:/bin", "HOME=" + dir,
		"AWS_CONFIG_FILE=" + filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED=true"}
	// A pyenv shim finds its Python through PYENV_ROOT, which defaults to
	// one under HOME.
	if pyenv := os.Getenv("PYENV_ROOT"); pyenv != "" {
		environ = append(environ, "PYENV_ROOT="+pyenv)
	} else if filepath.Base(filepath.Dir(bin)) == "shims" {
		environ = append(environ, "PYENV_ROOT="+filepath.Dir(filepath.Dir(bin)))
	}
	o := testOptions(t, "dev", environ)
	o.Endpoint = "http://127.0.0.1:9" // the discard port: nothing may be reached
	var out bytes.Buffer
	err = Bootstrap(context.Background(), o, &out, &out)
	require.ErrorIs(t, err, ErrNoCredentials)
	assert.Contains(t, err.Error(), "Unable to locate credentials")
	assert.Contains(t, err.Error(), "aws sso login")
	assert.Contains(t, err.Error(), "account 111111111111")
}

func TestRefusals(t *testing.T) {
	tests := []struct {
		name  string
		env   string
		setup func(t *testing.T, f *fakeAWS)
		run   func(ctx context.Context, o Options, w *bytes.Buffer) error
		want  []string
	}{
		{"another account", "dev", func(t *testing.T, f *fakeAWS) { f.signedIn(t, "999999999999") },
			func(ctx context.Context, o Options, w *bytes.Buffer) error { return Bootstrap(ctx, o, w, w) },
			[]string{"signs in to account 999999999999", "deploys only to account 111111111111"}},
		{"no bootstrap stack", "dev", func(t *testing.T, f *fakeAWS) {
			f.signedIn(t, "111111111111")
			f.fail(t, "cloudformation describe-stacks", "An error occurred (ValidationError): Stack with id pipeline-dev-bootstrap does not exist")
		}, func(ctx context.Context, o Options, w *bytes.Buffer) error { return Package(ctx, o, w, w) },
			[]string{"no bootstrap stack pipeline-dev-bootstrap", "run make bootstrap ENV=dev first"}},
		{"only a change set of the bootstrap stack", "dev", func(t *testing.T, f *fakeAWS) {
			f.signedIn(t, "111111111111")
			f.answer(t, "cloudformation describe-stacks", `{"Stacks": [{"StackName": "pipeline-dev-bootstrap", "StackStatus": "REVIEW_IN_PROGRESS"}]}`)
		}, func(ctx context.Context, o Options, w *bytes.Buffer) error { return Package(ctx, o, w, w) },
			[]string{"no bootstrap stack pipeline-dev-bootstrap", "run make bootstrap ENV=dev first"}},
		{"no packaged processor", "dev", func(t *testing.T, f *fakeAWS) {
			f.signedIn(t, "111111111111")
			f.answer(t, "cloudformation describe-stacks", `{"Stacks": [{"StackName": "pipeline-dev-bootstrap", "StackStatus": "CREATE_COMPLETE",
				"Outputs": [{"OutputKey": "ArtifactBucketName", "OutputValue": "b"}, {"OutputKey": "ArtifactKmsKeyArn", "OutputValue": "k"}]}]}`)
		}, func(ctx context.Context, o Options, w *bytes.Buffer) error { return Package(ctx, o, w, w) },
			[]string{"no packaged processor", "processor.json is missing", "make lambda"}},
		{"nothing packaged", "dev", func(t *testing.T, f *fakeAWS) { f.signedIn(t, "111111111111") },
			func(ctx context.Context, o Options, w *bytes.Buffer) error { return Deploy(ctx, o, w, w) },
			[]string{"dev.params.json: nothing is packaged for dev yet", "run make package ENV=dev first"}},
		{"plan of nothing packaged", "dev", func(t *testing.T, f *fakeAWS) { f.signedIn(t, "111111111111") },
			func(ctx context.Context, o Options, w *bytes.Buffer) error { return Plan(ctx, o, w, w) },
			[]string{"run make package ENV=dev first"}},
		{"protected environment", "prod", protectedProd,
			func(ctx context.Context, o Options, w *bytes.Buffer) error { return Destroy(ctx, o, w, w) },
			[]string{"refusing to destroy prod: it is a protected environment",
				"pipeline-prod (CREATE_COMPLETE, termination protection on)", "make destroy ENV=prod CONFIRM=prod"}},
		{"wrong confirmation", "prod", protectedProd,
			func(ctx context.Context, o Options, w *bytes.Buffer) error {
				o.Confirm = "dev"
				return Destroy(ctx, o, w, w)
			}, []string{"refusing to destroy prod"}},
		{"MFA delete on", "dev", func(t *testing.T, f *fakeAWS) {
			f.signedIn(t, "111111111111")
			f.answer(t, "cloudformation describe-stacks", `{"Stacks": [{"StackName": "pipeline-dev", "StackStatus": "CREATE_COMPLETE"}]}`)
			f.answer(t, "cloudformation describe-stack-resources", `{"StackResources": [{"LogicalResourceId": "InputBucket",
				"ResourceType": "AWS::S3::Bucket", "PhysicalResourceId": "pipeline-input-111111111111-dev"}]}`)
			f.answer(t, "s3api get-bucket-versioning", `{"Status": "Enabled", "MFADelete": "Enabled"}`)
		}, func(ctx context.Context, o Options, w *bytes.Buffer) error { return Destroy(ctx, o, w, w) },
			[]string{"bucket pipeline-input-111111111111-dev has MFA delete on", `MFA="<device ARN> <current code>"`}},
		{"MFA delete by a user", "dev", func(t *testing.T, f *fakeAWS) { f.signedIn(t, "111111111111") },
			func(ctx context.Context, o Options, w *bytes.Buffer) error {
				o.MFA = "arn:aws:iam::111111111111:mfa/root-account-mfa-device 123456"
				return MFADelete(ctx, o, w, w)
			}, []string{"only the root user can turn MFA delete on", "arn:aws:iam::111111111111:user/ops"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAWS(t)
			tt.setup(t, f)
			var out bytes.Buffer
			err := tt.run(context.Background(), testOptions(t, tt.env, f.environ()), &out)
			require.Error(t, err)
			for _, want := range tt.want {
				assert.Contains(t, err.Error(), want)
			}
			for _, call := range strings.Split(strings.TrimSpace(f.calls(t)), "\n") {
				assert.NotRegexp(t, `^(cloudformation (deploy|delete-stack|update-termination-protection)|s3 cp|s3api (delete|put))`, call,
					"nothing is changed before the refusal")
			}
		})
	}
}

// protectedProd makes the fake answer as prod with its main stack deployed
// and protected, and no bootstrap stack.
func protectedProd(t *testing.T, f *fakeAWS) {
	f.signedIn(t, "333333333333")
	f.fail(t, "cloudformation describe-stacks", "An error occurred (ValidationError): Stack with id pipeline-prod-bootstrap does not exist")
	f.answerFor(t, "cloudformation describe-stacks", "pipeline-prod", `{"Stacks": [{"StackName": "pipeline-prod",
		"StackStatus": "CREATE_COMPLETE", "EnableTerminationProtection": true}]}`)
}

// TestDestroyNothingDeployed destroys a protected environment that has no
// stack: nothing needs confirming, and nothing is said to have gone.
func TestDestroyNothingDeployed(t *testing.T) {
	f := newFakeAWS(t)
	f.signedIn(t, "333333333333")
	f.fail(t, "cloudformation describe-stacks", "An error occurred (ValidationError): Stack with id pipeline-prod does not exist")
	f.fail(t, "secretsmanager describe-secret", "An error occurred (ResourceNotFoundException) when calling the "+
		"DescribeSecret operation: Secrets Manager can't find the specified secret.")
	var out bytes.Buffer
	require.NoError(t, Destroy(context.Background(), testOptions(t, "prod", f.environ()), &out, &out))
	assert.Contains(t, out.String(), "no stack of prod found in account 333333333333 "+
		"(pipeline-prod, pipeline-prod-bootstrap): nothing to delete")
	assert.Regexp(t, `secret arn:aws:secretsmanager:\S+ does not exist: it was never created, or was deleted\n`, out.String())
	assert.NotContains(t, out.String(), "went with the stack")
	assert.NotContains(t, out.String(), "An error occurred")
	assert.NotContains(t, f.calls(t), "delete-stack")
}

// TestStuckStacksAreRefused checks that a stack CloudFormation cannot
// update is named, with how to delete it, before anything is deployed.
func TestStuckStacksAreRefused(t *testing.T) {
	const rolledBack = `{"Stacks": [{"StackName": "%s", "StackStatus": "ROLLBACK_COMPLETE",
		"StackStatusReason": "The following resource(s) failed to create: [ArtifactBucket]. Rollback requested by user."}]}`
	const deleteFailed = `{"Stacks": [{"StackName": "pipeline-prod", "StackStatus": "DELETE_FAILED"}]}`
	const bootstrapped = `{"Stacks": [{"StackName": "pipeline-prod-bootstrap", "StackStatus": "CREATE_COMPLETE",
		"Outputs": [{"OutputKey": "ArtifactBucketName", "OutputValue": "b"}, {"OutputKey": "ArtifactKmsKeyArn", "OutputValue": "k"}]}]}`
	tests := []struct {
		name  string
		env   string
		setup func(t *testing.T, f *fakeAWS)
		run   func(ctx context.Context, o Options, w *bytes.Buffer) error
		want  []string
	}{
		{"bootstrap after a failed create", "dev", func(t *testing.T, f *fakeAWS) {
			f.signedIn(t, "111111111111")
			f.answer(t, "cloudformation describe-stacks", fmt.Sprintf(rolledBack, "pipeline-dev-bootstrap"))
		}, func(ctx context.Context, o Options, w *bytes.Buffer) error { return Bootstrap(ctx, o, w, w) },
			[]string{"stack pipeline-dev-bootstrap is ROLLBACK_COMPLETE (The following resource(s) failed to create: [ArtifactBucket].",
				"its first create failed and was rolled back, and CloudFormation cannot update it",
				"aws cloudformation delete-stack --stack-name pipeline-dev-bootstrap --region us-east-1",
				"make destroy ENV=dev, which deletes the main stack pipeline-dev too"}},
		{"package after a failed bootstrap", "dev", func(t *testing.T, f *fakeAWS) {
			f.signedIn(t, "111111111111")
			f.answer(t, "cloudformation describe-stacks", fmt.Sprintf(rolledBack, "pipeline-dev-bootstrap"))
		}, func(ctx context.Context, o Options, w *bytes.Buffer) error { return Package(ctx, o, w, w) },
			[]string{"stack pipeline-dev-bootstrap is ROLLBACK_COMPLETE", "delete-stack --stack-name pipeline-dev-bootstrap"}},
		{"deploy after a failed deletion", "prod", func(t *testing.T, f *fakeAWS) {
			f.signedIn(t, "333333333333")
			f.answerFor(t, "cloudformation describe-stacks", "pipeline-prod-bootstrap", bootstrapped)
			f.answerFor(t, "cloudformation describe-stacks", "pipeline-prod", deleteFailed)
		}, func(ctx context.Context, o Options, w *bytes.Buffer) error { return Deploy(ctx, o, w, w) },
			[]string{"stack pipeline-prod is DELETE_FAILED: its deletion failed",
				"delete-stack --stack-name pipeline-prod --region",
				"make destroy ENV=prod CONFIRM=prod KEEP_BOOTSTRAP=1"}},
		{"plan after a failed create", "prod", func(t *testing.T, f *fakeAWS) {
			f.signedIn(t, "333333333333")
			f.answerFor(t, "cloudformation describe-stacks", "pipeline-prod-bootstrap", bootstrapped)
			f.answerFor(t, "cloudformation describe-stacks", "pipeline-prod", fmt.Sprintf(rolledBack, "pipeline-prod"))
		}, func(ctx context.Context, o Options, w *bytes.Buffer) error { return Plan(ctx, o, w, w) },
			[]string{"stack pipeline-prod is ROLLBACK_COMPLETE", "delete-stack --stack-name pipeline-prod"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAWS(t)
			tt.setup(t, f)
			o := testOptions(t, tt.env, f.environ())
			require.NoError(t, writeRecord(recordPath(o.Dist, tt.env), deployRecord{ArtifactBucket: "b",
				Parameters: map[string]string{"ArtifactBucket": "b", "ArtifactKey": "p.zip", "RotatorArtifactKey": "r.zip"}}))
			var out bytes.Buffer
			err := tt.run(context.Background(), o, &out)
			require.Error(t, err)
			for _, want := range tt.want {
				assert.Contains(t, err.Error(), want)
			}
			assert.NotRegexp(t, `(?m)^cloudformation (deploy|delete-stack)|^s3 cp`, f.calls(t), "nothing is changed")
		})
	}
}

func TestStaleTemplatesAreRefused(t *testing.T) {
	root := repoRoot(t)
	spec, err := os.ReadFile(filepath.Join(root, "templates", "pipeline.yaml"))
	require.NoError(t, err)
	changed := filepath.Join(t.TempDir(), "pipeline.yaml")
	require.NoError(t, os.WriteFile(changed, append(spec, []byte("# edited after generation\n")...), 0o644))
	f := newFakeAWS(t)
	o := testOptions(t, "dev", f.environ())
	o.Spec = changed
	var out bytes.Buffer
	err = Deploy(context.Background(), o, &out, &out)
	require.ErrorContains(t, err, "was generated from another version of the spec: regenerate it with make generate")
	assert.Empty(t, f.calls(t), "nothing runs")
}

func TestHandEditedTemplatesAreRefused(t *testing.T) {
	root := repoRoot(t)
	out := t.TempDir()
	for _, name := range []string{"dev.json", "dev.bootstrap.json"} {
		data, err := os.ReadFile(filepath.Join(root, "out", name))
		require.NoError(t, err)
		if name == "dev.json" {
			data = bytes.Replace(data, []byte(`"MemorySize": 1024`), []byte(`"MemorySize": 4096`), 1)
		}
		require.NoError(t, os.WriteFile(filepath.Join(out, name), data, 0o644))
	}
	f := newFakeAWS(t)
	o := testOptions(t, "dev", f.environ())
	o.Out = out
	var w bytes.Buffer
	err := Deploy(context.Background(), o, &w, &w)
	require.ErrorContains(t, err, "dev.json is not what the generator makes of the spec (edited by hand")
	assert.Empty(t, f.calls(t), "nothing runs")
}

func TestBadOptions(t *testing.T) {
	var out bytes.Buffer
	err := MFADelete(context.Background(), Options{Env: "dev", MFA: "123456"}, &out, &out)
	assert.ErrorContains(t, err, `MFA="123456": give the root user's MFA device ARN and a current code`)
	err = Deploy(context.Background(), Options{Env: "Prod!"}, &out, &out)
	assert.ErrorContains(t, err, `environment "Prod!"`)
	o := testOptions(t, "qa", nil)
	err = Deploy(context.Background(), o, &out, &out)
	assert.ErrorContains(t, err, `no environment "qa"; write one of dev, staging, prod`)
}

func TestDeployArgs(t *testing.T) {
	g := generated{Deploy: stackDeploy("pipeline-prod", true, "CAPABILITY_NAMED_IAM")}
	tests := []struct {
		name   string
		params map[string]string
		upload upload
		want   string
	}{
		{"bootstrap", nil, upload{}, "cloudformation deploy --template-file out/prod.json --stack-name pipeline-prod " +
			"--no-fail-on-empty-changeset --tags DataClassification=restricted Environment=prod Owner=team@example.com " +
			"--capabilities CAPABILITY_NAMED_IAM"},
		{"through the artifact bucket", map[string]string{"ArtifactKey": "p.zip", "ArtifactBucket": "b"},
			upload{Bucket: "b", KeyARN: "arn:k"}, "cloudformation deploy --template-file out/prod.json " +
				"--stack-name pipeline-prod --no-fail-on-empty-changeset --parameter-overrides ArtifactBucket=b " +
				"ArtifactKey=p.zip --tags DataClassification=restricted Environment=prod Owner=team@example.com " +
				"--capabilities CAPABILITY_NAMED_IAM --s3-bucket b --s3-prefix templates/pipeline-prod --kms-key-id arn:k"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, strings.Join(deployArgs(g, "out/prod.json", tt.params, tt.upload), " "))
		})
	}
}

func TestVersionGuard(t *testing.T) {
	tests := []struct {
		name   string
		policy string
		sid    string
		found  bool
	}{
		{"the generated guard", `{"Statement": [{"Sid": "DenyRequestsWithoutTLS", "Effect": "Deny", "Action": ["s3:*"]},
			{"Sid": "DenyVersionDeletionWithoutMFA", "Effect": "Deny", "Action": ["s3:DeleteObjectVersion", "s3:PutBucketVersioning"]}]}`,
			"DenyVersionDeletionWithoutMFA", true},
		{"a single statement", `{"Statement": {"Effect": "Deny", "Action": "s3:DeleteObjectVersion"}}`, "", false},
		{"a TLS deny alone", `{"Statement": [{"Sid": "T", "Effect": "Deny", "Action": "s3:*"}]}`, "", false},
		{"an allow", `{"Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:DeleteObjectVersion"}]}`, "", false},
		{"a string action", `{"Statement": [{"Sid": "G", "Effect": "Deny", "Action": "s3:DeleteObjectVersion"}]}`, "G", true},
		{"not JSON", `{`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sid, found := versionGuard(tt.policy)
			assert.Equal(t, tt.found, found)
			assert.Equal(t, tt.sid, sid)
		})
	}
}

func TestQuoteArgs(t *testing.T) {
	assert.Equal(t, []string{"s3api", "'arn:aws:iam::1:mfa/root 123456'", "''", `'it'\''s'`},
		quoteArgs([]string{"s3api", "arn:aws:iam::1:mfa/root 123456", "", "it's"}))
}

// TestMFADeleteAsRoot follows mfa-delete as the root user against the
// stand-in aws, which takes the change but reports it off, as moto does.
func TestMFADeleteAsRoot(t *testing.T) {
	f := newFakeAWS(t)
	f.answer(t, "sts get-caller-identity", `{"Account": "111111111111", "Arn": "arn:aws:iam::111111111111:root"}`)
	f.answer(t, "cloudformation describe-stacks", `{"Stacks": [{"StackName": "pipeline-dev", "StackStatus": "CREATE_COMPLETE"}]}`)
	f.answer(t, "cloudformation describe-stack-resources", `{"StackResources": [{"LogicalResourceId": "InputBucket",
		"ResourceType": "AWS::S3::Bucket", "PhysicalResourceId": "pipeline-input-111111111111-dev"}]}`)
	f.answer(t, "s3api get-bucket-versioning", `{"Status": "Enabled"}`)
	f.answer(t, "s3api get-bucket-lifecycle-configuration", `{"Rules": [{"ID": "AbortIncompleteMultipartUploads"}]}`)
	f.answer(t, "s3api put-bucket-versioning", ``)
	o := testOptions(t, "dev", f.environ())
	o.MFA = "arn:aws:iam::111111111111:mfa/root-account-mfa-device 123456"
	var out bytes.Buffer
	err := MFADelete(context.Background(), o, &out, &out)
	require.ErrorContains(t, err, `pipeline-input-111111111111-dev reports versioning "Enabled" and MFA delete "" after the change`)
	assert.Contains(t, out.String(), "warning: pipeline-input-111111111111-dev has 1 lifecycle rule(s) (AbortIncompleteMultipartUploads")
	assert.Contains(t, f.calls(t), "s3api put-bucket-versioning --bucket pipeline-input-111111111111-dev "+
		"--mfa arn:aws:iam::111111111111:mfa/root-account-mfa-device 123456 --versioning-configuration Status=Enabled,MFADelete=Enabled")
}

func TestCredentialTroubles(t *testing.T) {
	tests := []struct {
		name   string
		stderr string
		want   bool
	}{
		{"no credentials", "Unable to locate credentials. You can configure credentials by running \"aws configure\".", true},
		{"SSO session expired", "Error when retrieving token from sso: Token has expired and refresh failed", true},
		{"SSO session invalid", "The SSO session associated with this profile has expired or is otherwise invalid. " +
			"To refresh this SSO session run aws sso login with the corresponding profile.", true},
		{"no SSO token", "Error loading SSO Token: Token for my-sso does not exist", true},
		{"unknown profile", "The config profile (ops) could not be found", true},
		{"a function name", "An error occurred (ResourceNotFoundException): Function not found: pipeline-processor-dev", false},
		{"a missing secret", "An error occurred (ResourceNotFoundException): the secret could not be found", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := &cliError{args: []string{"sts", "get-caller-identity"}, err: assert.AnError, stderr: tt.stderr}
			assert.Equal(t, tt.want, says(err, credentialTroubles...))
		})
	}
}

func TestProfileOf(t *testing.T) {
	assert.Equal(t, "a profile of account 111111111111", profileOf("111111111111"))
	assert.Equal(t, "the profile you deploy with", profileOf(""))
}
