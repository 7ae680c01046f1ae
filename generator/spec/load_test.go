package spec

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// load reads a fixture under testdata/valid, which must load cleanly.
func load(t *testing.T, name string) *Spec {
	t.Helper()
	s, err := Load(filepath.Join("testdata", "valid", name))
	require.NoError(t, err)
	return s
}

func TestLoadBuiltInDefaults(t *testing.T) {
	s := load(t, "minimal.yaml")

	assert.Equal(t, "pipeline", s.Project)
	assert.Equal(t, "us-east-1", s.Region)
	assert.Equal(t, DefaultMaxRecordBytes, s.Processing.MaxRecordBytes)
	require.Len(t, s.Envs, 1)
	assert.Equal(t, Env{
		Name:               "dev",
		Suffix:             "dev",
		VPCCIDR:            "10.10.0.0/16",
		Owner:              "data-team@example.com",
		DataClassification: "confidential",
		AvailabilityZones:  2,
		LogRetentionDays:   90,
		KeyRotationDays:    90,
		Secret: Secret{
			ARN:          "arn:aws:secretsmanager:us-east-1:111111111111:secret:pipeline/dev/api-Ab12Cd",
			RotationDays: DefaultSecretRotationDays,
		},
		Lambda: Lambda{MemoryMB: 1024, TimeoutSeconds: 300, ReservedConcurrency: 5},
		Line:   17,
	}, s.Envs[0])
}

func TestLoadResolvesOverridesOverDefaults(t *testing.T) {
	s := load(t, "overrides.yaml")

	tests := []struct {
		name string
		want Env
	}{
		{"environment overrides every default", Env{
			Name:               "prod",
			Suffix:             "live",
			AccountID:          "333333333333",
			VPCCIDR:            "10.30.0.0/16",
			Owner:              "oncall@example.com",
			AlertEmail:         "oncall+pipeline@example.com",
			DataClassification: "restricted",
			AvailabilityZones:  2,
			LogRetentionDays:   731,
			KeyRotationDays:    365,
			Secret: Secret{
				ARN:          "arn:aws:secretsmanager:us-east-1:333333333333:secret:pipeline/prod/api-Ij56Kl",
				KMSKeyARN:    "arn:aws:kms:us-east-1:333333333333:key/mrk-1234abcd5678ef901234abcd5678ef90",
				RotationDays: 7,
			},
			Lambda: Lambda{MemoryMB: 2048, TimeoutSeconds: 60, ReservedConcurrency: 10},
			Suppressions: []Suppression{{
				Rule:     "NET-001",
				Resource: "ProcessorFunction",
				Reason:   "The processor reaches the partner API through the NAT gateway.",
			}},
			Line: 36,
		}},
		{"environment takes the project defaults", Env{
			Name:               "dev",
			Suffix:             "dev",
			AccountID:          "111111111111",
			VPCCIDR:            "10.10.0.0/16",
			Owner:              "data-team@example.com",
			AlertEmail:         "data-alerts@example.com",
			DataClassification: "internal",
			AvailabilityZones:  3,
			LogRetentionDays:   365,
			KeyRotationDays:    180,
			Secret: Secret{
				ARN:          "arn:aws:secretsmanager:us-east-1:111111111111:secret:pipeline/dev/api-Ab12Cd",
				KMSKeyARN:    "arn:aws:kms:us-east-1:111111111111:key/0b6d2f1e-3c4a-4e5b-9a7c-1d2e3f4a5b6c",
				RotationDays: 30,
			},
			Lambda: Lambda{MemoryMB: 512, TimeoutSeconds: 60, ReservedConcurrency: 10},
			Line:   57,
		}},
		{"environment overrides some fields only", Env{
			Name:               "staging",
			Suffix:             "staging",
			VPCCIDR:            "192.168.0.0/20",
			Owner:              "qa-team@example.com",
			AlertEmail:         "data-alerts@example.com",
			DataClassification: "internal",
			AvailabilityZones:  3,
			LogRetentionDays:   365,
			KeyRotationDays:    180,
			Secret: Secret{
				ARN:          "arn:aws:secretsmanager:us-east-1:222222222222:secret:pipeline/staging/api-Ef34Gh",
				RotationDays: 30,
			},
			Lambda: Lambda{MemoryMB: 512, TimeoutSeconds: 60, ReservedConcurrency: 2},
			Line:   64,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Env(tt.want.Name)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestLoadKeepsProcessing(t *testing.T) {
	s := load(t, "overrides.yaml")

	assert.Equal(t, Processing{
		MaxRecordBytes: 65536,
		Datasets: []Dataset{
			{
				Name: "customers", Prefix: "customers/", Format: "jsonl",
				Required: []string{"customer_id"},
				Fields:   map[string]string{"customer_id": "pseudonymise", "email": "redact", "notes": "drop"},
			},
			{
				Name: "payments", Prefix: "payments/", Format: "csv",
				Fields: map[string]string{"payment_id": "keep"},
			},
		},
	}, s.Processing)
}

func TestLoadKeepsEnvironmentOrder(t *testing.T) {
	// Neither alphabetical nor any map order: only the file knows it.
	for range 20 {
		s := load(t, "overrides.yaml")
		names := make([]string, len(s.Envs))
		for i, e := range s.Envs {
			names[i] = e.Name
		}
		require.Equal(t, []string{"prod", "dev", "staging"}, names)
	}
}

func TestLoadRecordsPathAndDigest(t *testing.T) {
	path := filepath.Join("testdata", "valid", "minimal.yaml")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	sum := sha256.Sum256(data)

	s := load(t, "minimal.yaml")
	assert.Equal(t, path, s.Path)
	assert.Equal(t, hex.EncodeToString(sum[:]), s.SHA256)

	// A comment changes the digest, not the spec.
	edited, err := Parse(path, append(data, "# reviewed\n"...))
	require.NoError(t, err)
	assert.NotEqual(t, s.SHA256, edited.SHA256)
	assert.Len(t, edited.SHA256, 64)
	edited.SHA256 = s.SHA256
	assert.Equal(t, s, edited)
}

func TestLoadTheProjectSpec(t *testing.T) {
	s, err := Load(filepath.Join("..", "..", "templates", "pipeline.yaml"))
	require.NoError(t, err)
	names := make([]string, len(s.Envs))
	for i, e := range s.Envs {
		names[i] = e.Name
	}
	assert.Equal(t, []string{"dev", "staging", "prod"}, names)
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join("testdata", "no-such.yaml"))
	require.ErrorIs(t, err, os.ErrNotExist)
	assert.EqualError(t, err, "read spec: open testdata/no-such.yaml: no such file or directory")
}
