// Package keysource provides the pseudonymisation key, read from an
// existing Secrets Manager secret and cached for the life of the
// container.
//
// The secret's SecretString is a JSON object whose pseudonymisation_key
// member holds base64 of at least 32 random bytes; other members are
// ignored and never kept. The key's version, which tokens name, is the
// fingerprint of its material (see pseudonym.Fingerprint); the key is
// served with the VersionId of the secret version it was read from.
//
// Caching: the key is read once with GetSecretValue and served from memory.
// When it is older than the refresh interval, DescribeSecret, which returns
// no secret material, tells which version is AWSCURRENT; only if that
// VersionId changed is the new value read, by its VersionId, so the key and
// the VersionId served with it always match. A rotation therefore takes
// effect within one refresh interval, while a new secret version that keeps
// the key, such as one that only changes another member, keeps the key's
// version and its tokens. If the check fails, the key is not served:
// processing fails closed and the message is retried, rather than going on
// with a key that may have been retired.
//
// Errors never quote the secret: decoding faults are described, not
// wrapped.
package keysource

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/securepipe/securepipe/lambda/pseudonym"
)

// DefaultRefresh is how long a key is served before its version is
// checked again.
const DefaultRefresh = 5 * time.Minute

// currentStage is the staging label of a secret's live version.
const currentStage = "AWSCURRENT"

// SecretsAPI is the part of the Secrets Manager client that Source uses.
type SecretsAPI interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput,
		optFns ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
	DescribeSecret(ctx context.Context, in *secretsmanager.DescribeSecretInput,
		optFns ...func(*secretsmanager.Options)) (*secretsmanager.DescribeSecretOutput, error)
}

// Key is a pseudonymisation key with the secret version it was read
// from. Like pseudonym.Key, it hides the key material when formatted or
// logged.
type Key struct {
	pseudonym.Key
	// SecretVersionID is the VersionId of the secret version that held
	// the key.
	SecretVersionID string
}

// Source serves the current pseudonymisation key. It is safe for
// concurrent use.
type Source struct {
	api      SecretsAPI
	secretID string
	refresh  time.Duration
	now      func() time.Time

	mu      sync.Mutex
	key     Key
	checked time.Time
}

// New returns a Source for the secret with the given ARN, checking its
// version every refresh interval.
func New(api SecretsAPI, secretARN string, refresh time.Duration) *Source {
	return &Source{api: api, secretID: secretARN, refresh: refresh, now: time.Now}
}

// Key returns the current key, reading it when the cache is empty or the
// secret's current version has changed.
func (s *Source) Key(ctx context.Context) (Key, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	now := s.now()
	if !s.key.IsZero() && now.Sub(s.checked) < s.refresh {
		return s.key, nil
	}

	version := ""
	if !s.key.IsZero() {
		current, err := s.currentVersion(ctx)
		if err != nil {
			return Key{}, err
		}
		if current == s.key.SecretVersionID {
			s.checked = now
			return s.key, nil
		}
		version = current
	}

	key, err := s.read(ctx, version)
	if err != nil {
		return Key{}, err
	}
	s.key, s.checked = key, now
	return key, nil
}

// currentVersion returns the VersionId staged AWSCURRENT.
func (s *Source) currentVersion(ctx context.Context) (string, error) {
	out, err := s.api.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{
		SecretId: aws.String(s.secretID),
	})
	if err != nil {
		return "", fmt.Errorf("describe secret: %w", err)
	}
	for version, stages := range out.VersionIdsToStages {
		for _, stage := range stages {
			if stage == currentStage {
				return version, nil
			}
		}
	}
	return "", errors.New("describe secret: no version is staged " + currentStage)
}

// read fetches the key of the given version, or of AWSCURRENT when version
// is empty.
func (s *Source) read(ctx context.Context, version string) (Key, error) {
	in := &secretsmanager.GetSecretValueInput{SecretId: aws.String(s.secretID)}
	if version != "" {
		in.VersionId = aws.String(version)
	} else {
		in.VersionStage = aws.String(currentStage)
	}

	out, err := s.api.GetSecretValue(ctx, in)
	if err != nil {
		return Key{}, fmt.Errorf("get secret value: %w", err)
	}
	versionID := aws.ToString(out.VersionId)
	material, err := decode(out.SecretString)
	if err != nil {
		return Key{}, fmt.Errorf("read secret version %s: %w", versionID, err)
	}

	key, err := pseudonym.NewKey(material)
	if err != nil {
		return Key{}, fmt.Errorf("read secret version %s: %w", versionID, err)
	}
	return Key{Key: key, SecretVersionID: versionID}, nil
}

// secretValue is the one member of the secret that the processor reads.
type secretValue struct {
	PseudonymisationKey string `json:"pseudonymisation_key"`
}

// Decoding faults. They are returned instead of the decoders' own errors,
// which may quote bytes of the secret.
var (
	ErrNoString  = errors.New("secret has no string value")
	ErrNotJSON   = errors.New("secret string is not a JSON object")
	ErrNoKey     = errors.New("secret has no pseudonymisation_key member")
	ErrNotBase64 = errors.New("pseudonymisation_key is not standard base64")
)

func decode(secret *string) ([]byte, error) {
	if secret == nil {
		return nil, ErrNoString
	}
	var v secretValue
	if json.Unmarshal([]byte(*secret), &v) != nil {
		return nil, ErrNotJSON
	}
	if v.PseudonymisationKey == "" {
		return nil, ErrNoKey
	}
	material, err := base64.StdEncoding.DecodeString(v.PseudonymisationKey)
	if err != nil {
		return nil, ErrNotBase64
	}
	return material, nil
}
