package e2e

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// checkGolden compares got with the golden file at path, after replacing
// each value in vary (values that differ between runs, such as version IDs
// and hashes) with its placeholder. With -update it rewrites the file.
func checkGolden(t *testing.T, path string, got []byte, vary map[string]string) {
	t.Helper()
	values := make([]string, 0, len(vary))
	for v := range vary {
		values = append(values, v)
	}
	sort.Slice(values, func(i, j int) bool { return len(values[i]) > len(values[j]) })
	for _, v := range values {
		got = bytes.ReplaceAll(got, []byte(v), []byte(vary[v]))
	}

	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run with -update to create %s", path)
	assert.Equal(t, string(want), string(got), "%s differs; run with -update if the change is intended", path)
}
