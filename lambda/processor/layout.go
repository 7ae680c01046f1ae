package processor

import (
	"net/url"

	"github.com/securepipe/securepipe/lambda/fieldpolicy"
)

// Output prefixes in the output bucket.
const (
	ProcessedPrefix  = "processed/"
	QuarantinePrefix = "quarantine/"
	ManifestPrefix   = "manifests/"
)

// nullVersion is S3's version ID of an object written without versioning.
const nullVersion = "null"

// maxKeyBytes is S3's limit on the length of an object key.
const maxKeyBytes = 1024

// Object names one version of an input object.
type Object struct {
	Bucket    string
	Key       string
	VersionID string
}

// version returns the object's version ID, "null" when it has none.
func (o Object) version() string {
	if o.VersionID == "" {
		return nullVersion
	}
	return o.VersionID
}

// Layout holds the output keys of one input object.
type Layout struct {
	Processed  string
	Quarantine string
	Manifest   string
}

// OutputKeys returns the output keys of obj in the given format.
func OutputKeys(obj Object, format fieldpolicy.Format) Layout {
	base := obj.Key + "/" + url.PathEscape(obj.version())
	ext := ".jsonl"
	if format == fieldpolicy.FormatCSV {
		ext = ".csv"
	}
	return Layout{
		Processed:  ProcessedPrefix + base + ext,
		Quarantine: QuarantinePrefix + base + ".jsonl",
		Manifest:   ManifestPrefix + base + ".json",
	}
}

// fits reports whether every key of l is within S3's length limit.
func (l Layout) fits() bool {
	return len(l.Processed) <= maxKeyBytes && len(l.Quarantine) <= maxKeyBytes &&
		len(l.Manifest) <= maxKeyBytes
}
