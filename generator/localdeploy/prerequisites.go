package localdeploy

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/securepipe/securepipe/generator/moto"
)

// pseudonymisationKeyBytes is the length of the random key the function
// reads from the secret.
const pseudonymisationKeyBytes = 32

// prerequisites are what the stack expects to exist before it is deployed.
type prerequisites struct {
	// KeyARN and KeyID name the customer-managed key made to encrypt the
	// secret.
	KeyARN string
	KeyID  string
	// SecretARN is the secret, at the ARN the template names.
	SecretARN string
	// Bucket and Key locate the packaged function code.
	Bucket string
	Key    string
}

// putPrerequisites creates the secret's key, the secret and the artifact
// bucket with the function code in it. On failure it returns what it made
// so far, for removal.
func putPrerequisites(ctx context.Context, w io.Writer, c *clients, o Options,
	secret SecretARN, dir string) (prerequisites, error) {
	var p prerequisites

	key, err := c.kms.CreateKey(ctx, &kms.CreateKeyInput{
		Description: aws.String("Encrypts " + secret.Name + " (local stand-in)"),
	})
	if err != nil {
		return p, fmt.Errorf("create secret's KMS key: %w", err)
	}
	p.KeyARN = aws.ToString(key.KeyMetadata.Arn)
	p.KeyID = aws.ToString(key.KeyMetadata.KeyId)
	if _, err := c.kms.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{
		KeyId: key.KeyMetadata.KeyId}); err != nil {
		return p, fmt.Errorf("enable rotation on secret's KMS key: %w", err)
	}
	fmt.Fprintf(w, "   KMS key for the secret: %s\n", p.KeyARN)

	if p.SecretARN, err = createSecret(ctx, w, c, secret, p.KeyARN); err != nil {
		return p, err
	}

	bucket := "securepipe-artifacts-" + o.Env + "-local"
	if _, err := c.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		return p, fmt.Errorf("create artifact bucket %s: %w", bucket, err)
	}
	p.Bucket = bucket

	zipPath := o.FunctionZip
	if zipPath == "" {
		if zipPath, err = writePlaceholderZip(dir); err != nil {
			return p, err
		}
		fmt.Fprintf(w, "   no function package given: using a placeholder zip, %s "+
			"(moto stores it and never runs it)\n", zipPath)
	}
	if p.Key, err = uploadZip(ctx, c, p.Bucket, zipPath); err != nil {
		return p, err
	}
	fmt.Fprintf(w, "   function code: s3://%s/%s\n", p.Bucket, p.Key)

	return p, nil
}

// createSecret creates the secret holding a fresh pseudonymisation key, at
// the ARN the template names, encrypted with keyARN.
func createSecret(ctx context.Context, w io.Writer, c *clients, secret SecretARN, keyARN string) (string, error) {
	raw := make([]byte, pseudonymisationKeyBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("make pseudonymisation key: %w", err)
	}
	value, err := json.Marshal(map[string]string{
		"pseudonymisation_key": base64.StdEncoding.EncodeToString(raw),
	})
	if err != nil {
		return "", fmt.Errorf("encode secret value: %w", err)
	}

	out, err := c.secrets.CreateSecret(ctx, &secretsmanager.CreateSecretInput{
		Name:         aws.String(secret.Name),
		KmsKeyId:     aws.String(keyARN),
		SecretString: aws.String(string(value)),
		Tags:         moto.SecretSuffixTags(secret.Suffix),
	})
	var exists *smtypes.ResourceExistsException
	if errors.As(err, &exists) {
		return "", fmt.Errorf("create secret %s: %w\nThe server holds it already, most likely "+
			"from a run kept for debugging: stop that server or use a fresh one", secret.Name, err)
	}
	if err != nil {
		return "", fmt.Errorf("create secret %s: %w", secret.Name, err)
	}
	got := aws.ToString(out.ARN)
	if got != secret.ARN {
		return "", fmt.Errorf("create secret %s: moto put it at %s, not at %s; "+
			"this moto may not honour the _custom_id_ tag", secret.Name, got, secret.ARN)
	}
	moto.AnnounceSecretSuffix(w, got)

	if _, err := c.secrets.UntagResource(ctx, &secretsmanager.UntagResourceInput{
		SecretId: aws.String(got), TagKeys: []string{moto.SecretSuffixTagKey}}); err != nil {
		return "", fmt.Errorf("untag secret %s: %w", got, err)
	}

	return got, nil
}

// writePlaceholderZip writes a function package holding a bootstrap script.
func writePlaceholderZip(dir string) (string, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate}
	h.SetMode(0o755)
	f, err := zw.CreateHeader(h)
	if err == nil {
		_, err = io.WriteString(f, "#!/bin/sh\n# Placeholder for the local deploy; never run.\nexit 1\n")
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return "", fmt.Errorf("build placeholder zip: %w", err)
	}

	path := filepath.Join(dir, "function.zip")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return "", fmt.Errorf("write placeholder zip: %w", err)
	}
	return path, nil
}

// uploadZip puts the package under a key named by its content, as a
// packaging step would, and returns the key.
func uploadZip(ctx context.Context, c *clients, bucket, path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read function package: %w", err)
	}

	sum := sha256.Sum256(data)
	key := "function/" + hex.EncodeToString(sum[:8]) + ".zip"
	if _, err := c.s3.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(data),
	}); err != nil {
		return "", fmt.Errorf("upload function package to s3://%s/%s: %w", bucket, key, err)
	}

	return key, nil
}
