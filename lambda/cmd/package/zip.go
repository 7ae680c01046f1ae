package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// entryName is the file name the provided runtimes execute.
const entryName = "bootstrap"

// entryMode is the bootstrap's file mode inside the zip.
const entryMode = 0o755

// fixedTime is the modification time of every entry.
var fixedTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Record describes a packaged function for the deploy step.
type Record struct {
	// Artifact is the zip's path as given to Package.
	Artifact string `json:"artifact"`
	// S3Key is the zip's file name, the key to upload it under.
	S3Key string `json:"s3Key"`
	// SHA256 is the hex SHA-256 of the zip.
	SHA256 string `json:"sha256"`
	// CodeSHA256 is the base64 SHA-256 of the zip, as Lambda reports it.
	CodeSHA256 string `json:"codeSha256"`
}

// Package zips the binary at bootstrap into outDir and records it.
func Package(bootstrap, outDir, name string) (Record, error) {
	bin, err := os.ReadFile(bootstrap)
	if err != nil {
		return Record{}, fmt.Errorf("read bootstrap: %w", err)
	}
	zipped, err := zipBootstrap(bin)
	if err != nil {
		return Record{}, err
	}

	sum := sha256.Sum256(zipped)
	file := fmt.Sprintf("%s-%s.zip", name, hex.EncodeToString(sum[:]))
	rec := Record{
		Artifact:   filepath.Join(outDir, file),
		S3Key:      file,
		SHA256:     hex.EncodeToString(sum[:]),
		CodeSHA256: base64.StdEncoding.EncodeToString(sum[:]),
	}

	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return Record{}, fmt.Errorf("create %s: %w", outDir, err)
	}
	if err := os.WriteFile(rec.Artifact, zipped, 0o644); err != nil {
		return Record{}, fmt.Errorf("write zip: %w", err)
	}
	meta, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return Record{}, fmt.Errorf("encode record: %w", err)
	}
	recordPath := filepath.Join(outDir, name+".json")
	if err := os.WriteFile(recordPath, append(meta, '\n'), 0o644); err != nil {
		return Record{}, fmt.Errorf("write %s: %w", recordPath, err)
	}
	return rec, nil
}

// zipBootstrap returns a zip holding bin as the bootstrap entry.
func zipBootstrap(bin []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)

	hdr := &zip.FileHeader{Name: entryName, Method: zip.Deflate, Modified: fixedTime}
	hdr.SetMode(entryMode)
	w, err := zw.CreateHeader(hdr)
	if err != nil {
		return nil, fmt.Errorf("add bootstrap to zip: %w", err)
	}
	if _, err := w.Write(bin); err != nil {
		return nil, fmt.Errorf("compress bootstrap: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("finish zip: %w", err)
	}
	return buf.Bytes(), nil
}
