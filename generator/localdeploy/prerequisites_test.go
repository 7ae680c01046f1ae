package localdeploy

import (
	"archive/zip"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/securepipe/securepipe/generator/moto"
)

func TestWritePlaceholderZip(t *testing.T) {
	path, err := writePlaceholderZip(t.TempDir())
	require.NoError(t, err)

	zr, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer zr.Close()

	require.Len(t, zr.File, 1)
	f := zr.File[0]
	assert.Equal(t, "bootstrap", f.Name, "provided.al2023 runs a file named bootstrap")
	assert.Equal(t, "-rwxr-xr-x", f.Mode().String())
	rc, err := f.Open()
	require.NoError(t, err)
	defer rc.Close()
	body, err := io.ReadAll(rc)
	require.NoError(t, err)
	assert.Contains(t, string(body), "#!/bin/sh")
}

func TestSecretSuffixTags(t *testing.T) {
	tags := moto.SecretSuffixTags("AbCdEf")

	require.Len(t, tags, 1)
	assert.Equal(t, moto.SecretSuffixTagKey, *tags[0].Key)
	assert.Equal(t, "AbCdEf", *tags[0].Value)
}
