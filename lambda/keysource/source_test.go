package keysource

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/lambda/pseudonym"
)

const secretARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:pipeline-abc"

// fakeSecrets serves versions of one secret and counts the calls.
type fakeSecrets struct {
	versions    map[string]string // VersionId to SecretString
	current     string
	describeErr error
	gets        []string // version asked for, "" for AWSCURRENT
	describes   int
}

func (f *fakeSecrets) GetSecretValue(_ context.Context, in *secretsmanager.GetSecretValueInput,
	_ ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	if aws.ToString(in.SecretId) != secretARN {
		return nil, errors.New("ResourceNotFoundException")
	}
	version := aws.ToString(in.VersionId)
	f.gets = append(f.gets, version)
	if version == "" {
		version = f.current
	}
	value := f.versions[version]
	return &secretsmanager.GetSecretValueOutput{VersionId: aws.String(version), SecretString: &value}, nil
}

func (f *fakeSecrets) DescribeSecret(_ context.Context, _ *secretsmanager.DescribeSecretInput,
	_ ...func(*secretsmanager.Options)) (*secretsmanager.DescribeSecretOutput, error) {
	f.describes++
	if f.describeErr != nil {
		return nil, f.describeErr
	}
	stages := map[string][]string{}
	for v := range f.versions {
		stages[v] = []string{"AWSPREVIOUS"}
	}
	stages[f.current] = []string{currentStage, "AWSPENDING"}
	return &secretsmanager.DescribeSecretOutput{VersionIdsToStages: stages}, nil
}

func secretJSON(material string) string {
	return secretWith("tok-123", material)
}

// secretWith is a secret value holding an API token beside the key.
func secretWith(apiToken, material string) string {
	return fmt.Sprintf(`{"api_token":%q,"pseudonymisation_key":%q}`,
		apiToken, base64.StdEncoding.EncodeToString([]byte(material)))
}

var (
	material1 = strings.Repeat("a", 32)
	material2 = strings.Repeat("b", 32)
)

func TestKeyCaching(t *testing.T) {
	type step struct {
		after       time.Duration // since the previous step
		rotateTo    string        // make this version current before the step
		describeErr error
		wantVersion string
		wantErr     string
	}
	tests := []struct {
		name          string
		steps         []step
		wantGets      []string
		wantDescribes int
	}{
		{name: "read once then cached",
			steps:    []step{{wantVersion: "v1"}, {after: time.Minute, wantVersion: "v1"}},
			wantGets: []string{""}},
		{name: "unchanged version is checked, not read",
			steps:    []step{{wantVersion: "v1"}, {after: DefaultRefresh, wantVersion: "v1"}},
			wantGets: []string{""}, wantDescribes: 1},
		{name: "rotation is read by version after the interval",
			steps: []step{{wantVersion: "v1"}, {after: time.Minute, rotateTo: "v2", wantVersion: "v1"},
				{after: DefaultRefresh, wantVersion: "v2"}},
			wantGets: []string{"", "v2"}, wantDescribes: 1},
		{name: "failed check fails closed, then recovers",
			steps: []step{{wantVersion: "v1"},
				{after: DefaultRefresh, describeErr: errors.New("throttled"), wantErr: "describe secret: throttled"},
				{wantVersion: "v1"}},
			wantGets: []string{""}, wantDescribes: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeSecrets{current: "v1",
				versions: map[string]string{"v1": secretJSON(material1), "v2": secretJSON(material2)}}
			now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
			s := New(fake, secretARN, DefaultRefresh)
			s.now = func() time.Time { return now }

			for i, st := range tt.steps {
				now = now.Add(st.after)
				if st.rotateTo != "" {
					fake.current = st.rotateTo
				}
				fake.describeErr = st.describeErr

				key, err := s.Key(context.Background())
				if st.wantErr != "" {
					require.ErrorContains(t, err, st.wantErr, "step %d", i)
					continue
				}
				require.NoError(t, err, "step %d", i)
				assert.Equal(t, st.wantVersion, key.SecretVersionID, "step %d", i)
			}
			assert.Equal(t, tt.wantGets, fake.gets)
			assert.Equal(t, tt.wantDescribes, fake.describes)
		})
	}
}

func TestKeyVersionFollowsTheKey(t *testing.T) {
	fake := &fakeSecrets{current: "v1", versions: map[string]string{
		"v1": secretWith("tok-123", material1),
		"v2": secretWith("tok-456", material1), // only the API token changed
		"v3": secretWith("tok-456", material2), // the key was rotated
	}}
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s := New(fake, secretARN, DefaultRefresh)
	s.now = func() time.Time { return now }
	keyAt := func(version string) Key {
		t.Helper()
		fake.current = version
		now = now.Add(DefaultRefresh)
		key, err := s.Key(context.Background())
		require.NoError(t, err)
		require.Equal(t, version, key.SecretVersionID)
		return key
	}
	token := func(k Key) string { return pseudonym.New(k.Key).Token("ada@example.com") }

	first, updated, rotated := keyAt("v1"), keyAt("v2"), keyAt("v3")

	assert.Equal(t, pseudonym.Fingerprint([]byte(material1)), first.Version())
	assert.Equal(t, first.Version(), updated.Version(), "the same key under another secret version")
	assert.Equal(t, token(first), token(updated), "gives the same tokens")
	assert.Equal(t, pseudonym.Fingerprint([]byte(material2)), rotated.Version())
	assert.NotEqual(t, first.Version(), rotated.Version(), "another key has another version")
	assert.NotEqual(t, token(first), token(rotated), "and gives other tokens")
}

func TestKeyHidesMaterial(t *testing.T) {
	fake := &fakeSecrets{current: "v1", versions: map[string]string{"v1": secretJSON(material1)}}
	key, err := New(fake, secretARN, DefaultRefresh).Key(context.Background())
	require.NoError(t, err)

	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("key", "key", key)
	out := logs.String() + fmt.Sprintf("%v %+v %#v %s", key, key, key, key)
	assert.NotContains(t, out, material1)
	assert.NotContains(t, out, base64.StdEncoding.EncodeToString([]byte(material1)))
	assert.Contains(t, out, key.Version())
}

func TestKeyDecoding(t *testing.T) {
	secretish := "SUPERSECRET"
	tests := []struct {
		name    string
		value   string
		wantErr error
		wantMsg string
	}{
		{name: "valid", value: secretJSON(material1)},
		{name: "not JSON", value: secretish, wantErr: ErrNotJSON},
		{name: "no key member", value: `{"api_token":"` + secretish + `"}`, wantErr: ErrNoKey},
		{name: "not base64", value: `{"pseudonymisation_key":"` + secretish + `!!"}`, wantErr: ErrNotBase64},
		{name: "too short", value: secretJSON("short" + secretish), wantMsg: "at least 32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeSecrets{current: "v1", versions: map[string]string{"v1": tt.value}}
			_, err := New(fake, secretARN, DefaultRefresh).Key(context.Background())
			switch {
			case tt.wantErr != nil:
				require.ErrorIs(t, err, tt.wantErr)
			case tt.wantMsg != "":
				require.ErrorContains(t, err, tt.wantMsg)
			default:
				require.NoError(t, err)
				return
			}
			assert.NotContains(t, err.Error(), secretish)
			assert.NotContains(t, err.Error(), base64.StdEncoding.EncodeToString([]byte("short"+secretish)))
		})
	}
}
