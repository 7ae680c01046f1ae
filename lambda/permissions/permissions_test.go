package permissions

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goldenPath is the operations file the end-to-end tests record.
var goldenPath = filepath.Join("..", "e2e", "testdata", "operations.golden")

func TestStatementsMatchRecordedOperations(t *testing.T) {
	recorded, err := os.ReadFile(goldenPath)
	require.NoError(t, err)
	assert.Equal(t, string(recorded), string(Format(Grants())),
		"the statements must grant exactly what the end-to-end tests recorded; "+
			"update statements in permissions.go after regenerating %s", goldenPath)
}

func TestStatementsAreSorted(t *testing.T) {
	for i, s := range statements {
		assert.True(t, slices.IsSorted(s.Actions), s.Resource)
		if i > 0 {
			assert.Less(t, statements[i-1].Resource, s.Resource)
		}
	}
}

func TestByKind(t *testing.T) {
	tests := []struct {
		kind Kind
		want []string
	}{
		{kind: InputObjects, want: []string{"arn:aws:s3:::${InputBucket}/*"}},
		{kind: OutputBucket, want: []string{"arn:aws:s3:::${OutputBucket}"}},
		{kind: OutputObjects, want: []string{"arn:aws:s3:::${OutputBucket}/manifests/*",
			"arn:aws:s3:::${OutputBucket}/processed/*", "arn:aws:s3:::${OutputBucket}/quarantine/*"}},
		{kind: Secret, want: []string{"${SecretArn}"}},
		{kind: DataKey, want: []string{"${DataKeyArn}"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			var got []string
			for _, s := range ByKind(tt.kind) {
				got = append(got, s.Resource)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestResolve(t *testing.T) {
	values := map[string]string{VarOutputBucket: "output-prod", VarDataKeyARN: "arn:aws:kms:eu-west-1:1:key/k"}
	tests := []struct {
		pattern string
		want    string
	}{
		{pattern: "arn:aws:s3:::${OutputBucket}/processed/*", want: "arn:aws:s3:::output-prod/processed/*"},
		{pattern: "${DataKeyArn}", want: "arn:aws:kms:eu-west-1:1:key/k"},
		{pattern: "${SecretArn}", want: "${SecretArn}"},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			assert.Equal(t, tt.want, Resolve(tt.pattern, values))
		})
	}
}

func TestStatementsAreCopies(t *testing.T) {
	s := Statements()
	s[0].Actions[0] = "changed"
	assert.NotEqual(t, "changed", Statements()[0].Actions[0])
}
