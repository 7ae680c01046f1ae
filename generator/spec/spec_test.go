package spec

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEnv(t *testing.T) {
	s := load(t, "overrides.yaml")

	tests := []struct {
		name    string
		env     string
		wantErr string
	}{
		{"first", "prod", ""},
		{"last", "staging", ""},
		{"unknown", "qa", `testdata/valid/overrides.yaml: no environment "qa"; write one of prod, dev, staging`},
		{"by suffix, not name", "live", `testdata/valid/overrides.yaml: no environment "live"; write one of prod, dev, staging`},
		{"empty", "", `testdata/valid/overrides.yaml: no environment ""; write one of prod, dev, staging`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := s.Env(tt.env)
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				assert.Zero(t, e)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.env, e.Name)
		})
	}
}

func TestWithSuffix(t *testing.T) {
	s := load(t, "overrides.yaml")
	prod, err := s.Env("prod")
	require.NoError(t, err)

	tests := []struct {
		name    string
		suffix  string
		wantErr string
	}{
		{"review copy", "review-42", ""},
		{"the environment's own suffix", "live", ""},
		{"longest that fits", strings.Repeat("r", 31), ""},
		{"uppercase", "Review-42", `suffix "Review-42": use lowercase letters, digits and inner hyphens, such as prod or review-42`},
		{"trailing hyphen", "review-", `suffix "review-": use lowercase letters, digits and inner hyphens, such as prod or review-42`},
		{"underscore", "review_42", `suffix "review_42": use lowercase letters, digits and inner hyphens, such as prod or review-42`},
		{"empty", "", `suffix "": use lowercase letters, digits and inner hyphens, such as prod or review-42`},
		{"another environment's suffix", "dev", `suffix "dev" is environment dev's: an ephemeral copy needs a suffix of its own`},
		{"too long", strings.Repeat("r", 32), `suffix: "` + strings.Repeat("r", 32) + `" is 32 characters, ` +
			`which takes resource names past AWS's limits; with project pipeline write at most 31 characters`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.WithSuffix(prod, tt.suffix)
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			want := prod
			want.Suffix = tt.suffix
			assert.Equal(t, want, got)
		})
	}

	// The spec's own environment is left as it was.
	again, err := s.Env("prod")
	require.NoError(t, err)
	assert.Equal(t, prod, again)
	assert.Equal(t, "live", again.Suffix)
}
