package spec

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLine(t *testing.T) {
	s, err := Load("../../templates/pipeline.yaml")
	require.NoError(t, err)
	tests := []struct {
		path string
		want int
	}{
		{"project.name", 5},
		{"environments.prod.vpcCidr", 67},
		{"environments.prod.keyRotationDays", 0},
		{"no.such.key", 0},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			assert.Equal(t, tt.want, s.Line(tt.path))
		})
	}
}
