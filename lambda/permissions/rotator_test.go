package permissions

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rotatorGoldenPath is the operations file the rotator's end-to-end tests
// record.
var rotatorGoldenPath = filepath.Join("..", "e2e", "testdata", "rotator-operations.golden")

func TestRotatorStatementsMatchRecordedOperations(t *testing.T) {
	recorded, err := os.ReadFile(rotatorGoldenPath)
	require.NoError(t, err)
	assert.Equal(t, string(recorded), string(FormatRotator(RotatorGrants())),
		"the rotator's statements must grant exactly what its end-to-end tests recorded; "+
			"update rotatorStatements in rotator.go after regenerating %s", rotatorGoldenPath)
}

func TestRotatorStatements(t *testing.T) {
	for i, s := range rotatorStatements {
		assert.True(t, slices.IsSorted(s.Actions), s.Resource)
		if i > 0 {
			assert.Less(t, rotatorStatements[i-1].Resource, s.Resource)
		}
	}

	tests := []struct {
		kind    Kind
		want    string
		actions []string
	}{
		{kind: Secret, want: "${SecretArn}", actions: []string{"secretsmanager:DescribeSecret",
			"secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"}},
		{kind: AllResources, want: "*", actions: []string{"secretsmanager:GetRandomPassword"}},
	}
	got := RotatorStatements()
	require.Len(t, got, len(tests))
	for i, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			assert.Equal(t, tt.kind, got[i].Kind)
			assert.Equal(t, tt.want, got[i].Resource)
			assert.Equal(t, tt.actions, got[i].Actions)
		})
	}
}

func TestRotatorResultsAreCopies(t *testing.T) {
	s := RotatorStatements()
	s[0].Actions[0] = "changed"
	assert.NotEqual(t, "changed", RotatorStatements()[0].Actions[0])

	k := RotatorSecretKeyActions()
	k[0] = "changed"
	assert.Equal(t, []string{"kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"}, RotatorSecretKeyActions())
}
