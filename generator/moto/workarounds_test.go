package moto

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRespellTags(t *testing.T) {
	tests := []struct {
		name    string
		props   map[string]any
		changed bool
		want    any
	}{
		{name: "no tags", props: map[string]any{}, changed: false},
		{name: "empty tags", props: map[string]any{"Tags": []any{}}, changed: false, want: []any{}},
		{name: "tags", changed: true,
			props: map[string]any{"Tags": []any{map[string]any{"Key": "a", "Value": "b"}}},
			want:  []any{map[string]any{"TagKey": "a", "TagValue": "b"}}},
		{name: "not a list of maps", changed: false,
			props: map[string]any{"Tags": []any{"a"}}, want: []any{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.changed, respellTags(tt.props))
			assert.Equal(t, tt.want, tt.props["Tags"])
		})
	}
}

func TestTemplateURLEnv(t *testing.T) {
	tests := []struct {
		endpoint string
		want     string
	}{
		{"http://127.0.0.1:41717", "AWS_ENDPOINT_URL_S3=http://localhost:41717"},
		{"http://localhost:5000", ""},
	}
	for _, tt := range tests {
		t.Run(tt.endpoint, func(t *testing.T) {
			var out bytes.Buffer
			env, err := TemplateURLEnv(&out, []string{"PATH=/bin"}, tt.endpoint)
			require.NoError(t, err)
			if tt.want == "" {
				assert.Equal(t, []string{"PATH=/bin"}, env)
				assert.Empty(t, out.String())
				return
			}
			assert.Equal(t, []string{"PATH=/bin", tt.want}, env)
			assert.Contains(t, out.String(), "moto workaround [template-url-host]")
		})
	}
}

func TestMotoServerEnv(t *testing.T) {
	var out bytes.Buffer
	env := ServerEnv(&out, []string{"PATH=/bin", "AWS_PROFILE=prod", "AWS_SECRET_ACCESS_KEY=real"}, "210987654321")

	assert.Equal(t, []string{"PATH=/bin", "MOTO_ACCOUNT_ID=210987654321"}, env)
	assert.Contains(t, out.String(), "moto workaround [account]")
}

func TestWorkaroundsAreNamedAndExplained(t *testing.T) {
	seen := map[string]bool{}
	for _, wa := range Workarounds() {
		assert.NotEmpty(t, wa.Name)
		assert.False(t, seen[wa.Name], "duplicate workaround %s", wa.Name)
		seen[wa.Name] = true
		assert.Regexp(t, `moto/[a-z0-9_/]+\.py:[0-9]+`, wa.Why, "%s must cite moto's source", wa.Name)
	}
}

func TestGapsCiteMoto(t *testing.T) {
	for _, gap := range []string{GapRotation, GapKeyDeletion, GapMFADelete} {
		assert.Regexp(t, `moto/[a-z0-9_/]+\.py:[0-9]+`, gap)
	}
}
