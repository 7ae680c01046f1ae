package processor

import (
	"encoding/json"
	"fmt"
)

// Manifest describes what became of one input object.
type Manifest struct {
	// InputBucket, InputKey and InputVersionID name the input object.
	InputBucket    string `json:"inputBucket"`
	InputKey       string `json:"inputKey"`
	InputVersionID string `json:"inputVersionId"`
	// InputSHA256 is the hex SHA-256 of the object as stored, before any
	// decompression; InputBytes is its size.
	InputSHA256 string `json:"inputSha256"`
	InputBytes  int64  `json:"inputBytes"`
	// Compression is "gzip" or "none".
	Compression string `json:"compression"`
	// Dataset and Format are those of the matching dataset.
	Dataset string `json:"dataset"`
	Format  string `json:"format"`
	// RecordsRead counts records found (a CSV header is not one);
	// it is RecordsWritten plus RecordsQuarantined.
	RecordsRead        int64 `json:"recordsRead"`
	RecordsWritten     int64 `json:"recordsWritten"`
	RecordsQuarantined int64 `json:"recordsQuarantined"`
	// KeyVersion is the key version that the tokens name.
	KeyVersion string `json:"keyVersion"`
	// SecretVersionID is the VersionId of the secret version the key was
	// read from.
	SecretVersionID string `json:"secretVersionId"`
	// ProcessedKey is the key of the processed output; QuarantineKey that
	// of the quarantine output, empty when nothing was quarantined.
	ProcessedKey  string `json:"processedKey"`
	QuarantineKey string `json:"quarantineKey,omitempty"`
}

// encode returns the manifest as indented JSON ending in a line feed.
func (m Manifest) encode() ([]byte, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode manifest: %w", err)
	}
	return append(b, '\n'), nil
}
