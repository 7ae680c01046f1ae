package ops

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/generator/moto"
	"github.com/securepipe/securepipe/generator/spec"
)

// requireMoto skips a test that needs moto_server and the AWS CLI when one
// is missing, or fails it when SECUREPIPE_REQUIRE_MOTO=1.
func requireMoto(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs moto_server; not run with -short")
	}
	var missing []string
	for _, tool := range []string{"moto_server", awsTool} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := fmt.Sprintf("%s not on PATH; install with: pip install 'moto[server]' awscli", strings.Join(missing, ", "))
	if os.Getenv("SECUREPIPE_REQUIRE_MOTO") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// repoRoot walks up from the test's directory to the one holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "no go.mod above the test directory")
		dir = parent
	}
}

// local is a moto server holding what an environment expects to exist:
// its secret and the secret's key.
type local struct {
	endpoint string
	account  string
	env      []string
	c        *clients
	stand    *motoStand
	secret   string
	spec     *spec.Spec
	envSpec  spec.Env
	out      io.Writer
}

// startLocal starts moto_server as the environment's account and puts the
// secret in place, at the ARN the templates name.
func startLocal(ctx context.Context, t *testing.T, envName string, out io.Writer) *local {
	t.Helper()
	s, err := spec.Load(filepath.Join(repoRoot(t), "templates", "pipeline.yaml"))
	require.NoError(t, err)
	e, err := s.Env(envName)
	require.NoError(t, err)

	bin, err := exec.LookPath("moto_server")
	require.NoError(t, err)
	dir := t.TempDir()
	srv, err := moto.Start(ctx, bin, moto.ServerEnv(out, os.Environ(), e.AccountID), dir, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	t.Cleanup(srv.Stop)

	env, err := moto.CLIEnv(os.Environ(), dir, srv.Endpoint)
	require.NoError(t, err)
	l := &local{endpoint: srv.Endpoint, account: e.AccountID, env: env, c: newClients(srv.Endpoint),
		spec: s, envSpec: e, out: out}
	l.putSecret(ctx, t)
	return l
}

// putSecret creates the secret's key and the secret holding a
// pseudonymisation key, where the templates expect them.
func (l *local) putSecret(ctx context.Context, t *testing.T) {
	t.Helper()
	key, err := l.c.kms.CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String("the secret's key (local stand-in)")})
	require.NoError(t, err)
	arn := l.envSpec.Secret.ARN
	name, suffix := arn[strings.LastIndex(arn, ":")+1:len(arn)-7], arn[len(arn)-6:]
	value, err := json.Marshal(map[string]string{"pseudonymisation_key": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="})
	require.NoError(t, err)
	created, err := l.c.secrets.CreateSecret(ctx, &secretsmanager.CreateSecretInput{
		Name: aws.String(name), KmsKeyId: key.KeyMetadata.Arn, SecretString: aws.String(string(value)),
		Tags: moto.SecretSuffixTags(suffix),
	})
	require.NoError(t, err)
	require.Equal(t, arn, aws.ToString(created.ARN))
	moto.AnnounceSecretSuffix(l.out, arn)
	_, err = l.c.secrets.UntagResource(ctx, &secretsmanager.UntagResourceInput{
		SecretId: created.ARN, TagKeys: []string{moto.SecretSuffixTagKey}})
	require.NoError(t, err)
	l.secret = arn
	l.stand = &motoStand{c: l.c, endpoint: l.endpoint, account: l.account,
		keyFrom: l.envSpec.Secret.KMSKeyARN, keyTo: aws.ToString(key.KeyMetadata.Arn)}
}

// options aims a run at the local server.
func (l *local) options(t *testing.T, dist string) Options {
	t.Helper()
	root := repoRoot(t)
	return Options{Env: l.envSpec.Name, Spec: filepath.Join(root, "templates", "pipeline.yaml"),
		Out: filepath.Join(root, "out"), Dist: dist, Endpoint: l.endpoint, Environ: l.env, Stand: l.stand}
}

// writePackage writes dist/<name>.json and a zip of a placeholder
// bootstrap, as the build would; moto stores it and never runs it.
func writePackage(t *testing.T, dist, name string) functionPackage {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, err := zw.Create("bootstrap")
	require.NoError(t, err)
	_, err = io.WriteString(f, "#!/bin/sh\n# "+name+" placeholder; never run\nexit 1\n")
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	sum := sha256.Sum256(buf.Bytes())
	p := functionPackage{Name: name, S3Key: name + "-" + hex.EncodeToString(sum[:]) + ".zip", SHA256: hex.EncodeToString(sum[:])}
	p.Artifact = filepath.Join(dist, p.S3Key)
	require.NoError(t, os.MkdirAll(dist, 0o755))
	require.NoError(t, os.WriteFile(p.Artifact, buf.Bytes(), 0o644))
	rec, err := json.Marshal(map[string]string{"artifact": p.Artifact, "s3Key": p.S3Key, "sha256": p.SHA256})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dist, name+".json"), rec, 0o644))
	return p
}
