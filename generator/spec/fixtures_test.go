package spec

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// invalidCase names a fixture under testdata/invalid, after the one problem
// it holds, and lists every line its loading must report, in order.
type invalidCase struct {
	name string
	want []string
}

// checkInvalid loads each fixture and requires exactly the problems wanted.
func checkInvalid(t *testing.T, cases []invalidCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Load(filepath.Join("testdata", "invalid", tc.name+".yaml"))
			require.Error(t, err)
			assert.Nil(t, s)
			var probs Problems
			require.ErrorAs(t, err, &probs)
			got := make([]string, len(probs))
			for i, p := range probs {
				got[i] = p.Error()
			}
			assert.Equal(t, tc.want, got)
			assert.Equal(t, strings.Join(tc.want, "\n"), err.Error())
		})
	}
}

// TestEveryInvalidFixtureIsChecked keeps the tables and testdata/invalid in
// step: a fixture nobody checks proves nothing.
func TestEveryInvalidFixtureIsChecked(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "invalid", "*.yaml"))
	require.NoError(t, err)
	var onDisk []string
	for _, f := range files {
		onDisk = append(onDisk, strings.TrimSuffix(filepath.Base(f), ".yaml"))
	}
	var tested []string
	for _, tc := range append(append([]invalidCase{}, shapeCases...), valueCases...) {
		tested = append(tested, tc.name)
	}
	assert.ElementsMatch(t, onDisk, tested)
}
