package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/securepipe/securepipe/lambda/pseudonym"
)

// Where explainToken found a token's key.
const (
	foundByManifest = "manifest"    // the version the manifest names
	foundCurrent    = "AWSCURRENT"  // the current version
	foundPrevious   = "AWSPREVIOUS" // the previous version
	foundListed     = "listed"      // a version found by listing them all
)

// explained is the key a token names and where it was found.
type explained struct {
	key       pseudonym.Key
	versionID string // the secret version that holds the key
	foundBy   string
}

// explainToken finds the key that token names by the steps the package
// comment of pseudonym gives: the secret version manifestVersionID names,
// when it is not empty, then AWSCURRENT, AWSPREVIOUS and every version of
// the secret, each compared by fingerprint. It fails the test when no
// version holds the key.
func explainToken(t testing.TB, api *secretsmanager.Client, secretARN, token, manifestVersionID string) explained {
	t.Helper()
	parts := strings.SplitN(token, ":", 3)
	if len(parts) != 3 || parts[0] != "hmac-sha256" {
		t.Fatalf("%q is not a token", token)
	}
	version := parts[1]

	type candidate struct{ foundBy, versionID, stage string }
	candidates := []candidate{{foundBy: foundCurrent, stage: "AWSCURRENT"},
		{foundBy: foundPrevious, stage: "AWSPREVIOUS"}}
	if manifestVersionID != "" {
		candidates = append([]candidate{{foundBy: foundByManifest, versionID: manifestVersionID}}, candidates...)
	}
	listed, err := api.ListSecretVersionIds(context.Background(), &secretsmanager.ListSecretVersionIdsInput{
		SecretId: aws.String(secretARN), IncludeDeprecated: aws.Bool(true)})
	must(t, err, "list secret versions")
	for _, v := range listed.Versions {
		candidates = append(candidates, candidate{foundBy: foundListed, versionID: aws.ToString(v.VersionId)})
	}

	for _, c := range candidates {
		material, versionID, ok := readMaterial(t, api, secretARN, c.versionID, c.stage)
		if !ok || pseudonym.Fingerprint(material) != version {
			continue
		}
		key, err := pseudonym.NewKey(material)
		must(t, err, "make key of version "+versionID)
		return explained{key: key, versionID: versionID, foundBy: c.foundBy}
	}
	t.Fatalf("no version of the secret holds key %s", version)
	return explained{}
}

// readMaterial reads the key material of a secret version, by VersionId
// or by stage, and the version's VersionId. It reports false for a version
// that does not exist or holds no key member in standard base64.
func readMaterial(t testing.TB, api *secretsmanager.Client, secretARN, versionID, stage string,
) ([]byte, string, bool) {
	t.Helper()
	in := &secretsmanager.GetSecretValueInput{SecretId: aws.String(secretARN)}
	if versionID != "" {
		in.VersionId = aws.String(versionID)
	} else {
		in.VersionStage = aws.String(stage)
	}
	out, err := api.GetSecretValue(context.Background(), in)
	var nf *smtypes.ResourceNotFoundException
	if errors.As(err, &nf) {
		return nil, "", false
	}
	must(t, err, "get secret value")

	var value struct {
		Key string `json:"pseudonymisation_key"`
	}
	if json.Unmarshal([]byte(aws.ToString(out.SecretString)), &value) != nil {
		return nil, "", false
	}
	material, err := base64.StdEncoding.DecodeString(value.Key)
	if err != nil {
		return nil, "", false
	}
	return material, aws.ToString(out.VersionId), true
}
