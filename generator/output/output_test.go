package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// entries lists every file under dir, relative to it, temporary ones too.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		names = append(names, rel)
		return err
	})
	require.NoError(t, err)
	return names
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name     string
		existing string // content already at the path, if any
		path     string
	}{
		{"new file", "", "dev.json"},
		{"replaces a file", "old and longer content\n", "dev.json"},
		{"creates directories", "", filepath.Join("out", "nested", "dev.json")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.path)
			if tt.existing != "" {
				require.NoError(t, os.WriteFile(path, []byte(tt.existing), 0o600))
			}

			require.NoError(t, Write(path, []byte("{}\n")))

			got, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, "{}\n", string(got))
			info, err := os.Stat(path)
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o644), info.Mode().Perm())
			assert.Equal(t, []string{tt.path}, entries(t, dir), "no temporary file is left")
		})
	}
}

func TestWriteFailureKeepsOldFile(t *testing.T) {
	tests := []struct {
		name string
		// setup makes dir hold an old file, and returns it and the path
		// whose write must fail.
		setup   func(t *testing.T, dir string) (old, path string)
		wantErr string
	}{
		// A name this long fits, but its temporary sibling's does not:
		// the write fails even for root, with the old file in place.
		{"temporary file cannot be made", func(t *testing.T, dir string) (string, string) {
			path := filepath.Join(dir, strings.Repeat("n", 250))
			require.NoError(t, os.WriteFile(path, []byte("old\n"), 0o644))
			return path, path
		}, "file name too long"},
		{"parent is a file", func(t *testing.T, dir string) (string, string) {
			old := filepath.Join(dir, "out")
			require.NoError(t, os.WriteFile(old, []byte("old\n"), 0o644))
			return old, filepath.Join(old, "dev.json")
		}, "not a directory"},
		{"path is a directory", func(t *testing.T, dir string) (string, string) {
			path := filepath.Join(dir, "dev.json")
			require.NoError(t, os.Mkdir(path, 0o755))
			old := filepath.Join(path, "keep")
			require.NoError(t, os.WriteFile(old, []byte("old\n"), 0o644))
			return old, path
		}, "is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			old, path := tt.setup(t, dir)
			before := entries(t, dir)

			err := Write(path, []byte("new\n"))

			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), "write "+path+": "), err.Error())
			assert.Contains(t, err.Error(), tt.wantErr)
			got, readErr := os.ReadFile(old)
			require.NoError(t, readErr)
			assert.Equal(t, "old\n", string(got))
			assert.Equal(t, before, entries(t, dir), "nothing is added or left behind")
		})
	}
}

func TestWriteAllWritesNothingUnlessEveryFileIsStaged(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "dev.json")
	require.NoError(t, os.WriteFile(first, []byte("old dev\n"), 0o644))
	blocker := filepath.Join(dir, "blocker")
	require.NoError(t, os.WriteFile(blocker, nil, 0o644))

	err := WriteAll([]File{
		{Path: first, Data: []byte("new dev\n")},
		{Path: filepath.Join(blocker, "prod.json"), Data: []byte("new prod\n")},
	})

	require.Error(t, err)
	got, readErr := os.ReadFile(first)
	require.NoError(t, readErr)
	assert.Equal(t, "old dev\n", string(got), "the first file is not replaced when a later one fails")
	assert.ElementsMatch(t, []string{"dev.json", "blocker"}, entries(t, dir))
}

func TestWriteAll(t *testing.T) {
	dir := t.TempDir()
	files := []File{
		{Path: filepath.Join(dir, "dev.json"), Data: []byte("dev\n")},
		{Path: filepath.Join(dir, "prod", "prod.json"), Data: []byte("prod\n")},
	}

	require.NoError(t, WriteAll(files))

	for _, f := range files {
		got, err := os.ReadFile(f.Path)
		require.NoError(t, err)
		assert.Equal(t, f.Data, got)
	}
	assert.ElementsMatch(t, []string{"dev.json", filepath.Join("prod", "prod.json")}, entries(t, dir))
}

func TestWriteAllReplacesNothingWhenATargetIsADirectory(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "dev.json")
	require.NoError(t, os.WriteFile(first, []byte("old\n"), 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "prod.json"), 0o755))

	err := WriteAll([]File{{Path: first, Data: []byte("new\n")}, {Path: filepath.Join(dir, "prod.json"), Data: []byte("new\n")}})

	require.ErrorContains(t, err, "prod.json: is a directory")
	got, err := os.ReadFile(first)
	require.NoError(t, err)
	assert.Equal(t, "old\n", string(got), "the first file is not replaced")
}
