package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPackage(t *testing.T) {
	tests := []struct {
		name string
		bin  []byte
	}{
		{name: "small", bin: []byte("#!/bin/sh\necho hi\n")},
		{name: "binary", bin: bytes.Repeat([]byte{0x7f, 'E', 'L', 'F', 0, 1, 2, 3}, 50_000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			bin := filepath.Join(dir, "bootstrap")
			require.NoError(t, os.WriteFile(bin, tt.bin, 0o600))

			first, err := Package(bin, filepath.Join(dir, "a"), "processor")
			require.NoError(t, err)
			require.NoError(t, os.Chtimes(bin, fixedTime, fixedTime.AddDate(20, 0, 0)))
			second, err := Package(bin, filepath.Join(dir, "b"), "processor")
			require.NoError(t, err)

			assert.Equal(t, first.SHA256, second.SHA256, "the same binary gives the same zip")
			assert.Equal(t, "processor-"+first.SHA256+".zip", first.S3Key)
			assert.Equal(t, filepath.Join(dir, "a", first.S3Key), first.Artifact)

			assertEntry(t, first.Artifact, tt.bin)
			assertRecord(t, filepath.Join(dir, "a", "processor.json"), first)
		})
	}
}

func assertEntry(t *testing.T, path string, want []byte) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer zr.Close()

	require.Len(t, zr.File, 1)
	f := zr.File[0]
	assert.Equal(t, "bootstrap", f.Name)
	assert.Equal(t, os.FileMode(0o755), f.Mode().Perm())
	assert.True(t, f.Modified.Equal(fixedTime))

	rc, err := f.Open()
	require.NoError(t, err)
	defer rc.Close()
	got, err := io.ReadAll(rc)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(want, got))
}

func assertRecord(t *testing.T, path string, want Record) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var got Record
	require.NoError(t, json.Unmarshal(b, &got))
	assert.Equal(t, want, got)
}

func TestRunReportsMissingBinary(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"-bootstrap", filepath.Join(t.TempDir(), "none"), "-out", t.TempDir()}, &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr.String(), "package: read bootstrap")
}
