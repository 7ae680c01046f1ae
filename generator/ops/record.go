package ops

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/securepipe/securepipe/generator/stack"
)

// The bootstrap outputs packaging reads.
const (
	outputArtifactBucket = stack.OutputArtifactBucket
	outputArtifactKey    = stack.OutputArtifactKey
)

// functionPackage is a packaged function as the build records it in
// dist/<name>.json.
type functionPackage struct {
	// Name is the record's name: processor or rotator.
	Name string `json:"name"`
	// Artifact is the zip's path.
	Artifact string `json:"artifact"`
	// S3Key is the zip's name, after its SHA-256: the key it is uploaded
	// under.
	S3Key  string `json:"s3Key"`
	SHA256 string `json:"sha256"`
	// Parameter is the template parameter that names it.
	Parameter string `json:"parameter"`
}

// packageParameters map each packaged function to the parameter naming it.
var packageParameters = []struct{ name, parameter, build string }{
	{"processor", stack.ParamArtifactKey, "make lambda"},
	{"rotator", stack.ParamRotatorArtifactKey, "make rotator"},
}

// readPackage reads dist/<name>.json and checks the zip it names against
// its digest. It returns nil when there is no record.
func readPackage(dist, name, parameter string) (*functionPackage, error) {
	path := filepath.Join(dist, name+".json")
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read package record: %w", err)
	}
	p := &functionPackage{Name: name, Parameter: parameter}
	if err := json.Unmarshal(data, p); err != nil || p.Artifact == "" || p.S3Key == "" || p.SHA256 == "" {
		return nil, fmt.Errorf("%s does not name a packaged zip (artifact, s3Key, sha256): build it again", path)
	}
	f, err := os.Open(p.Artifact)
	if err != nil {
		return nil, fmt.Errorf("%s names %s: %w: build it again", path, p.Artifact, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, fmt.Errorf("read %s: %w", p.Artifact, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != p.SHA256 {
		return nil, fmt.Errorf("%s has SHA-256 %s, not the %s its record says: build it again", p.Artifact, got, p.SHA256)
	}
	return p, nil
}

// deployRecord is dist/<suffix>.params.json: what make package uploaded and
// the parameters a deploy of the environment takes from it.
type deployRecord struct {
	Environment    string             `json:"environment"`
	StackName      string             `json:"stackName"`
	ArtifactBucket string             `json:"artifactBucket"`
	ArtifactKeyARN string             `json:"artifactKmsKeyArn"`
	Parameters     map[string]string  `json:"parameters"`
	Packages       []*functionPackage `json:"packages"`
}

func recordPath(dist, suffix string) string { return filepath.Join(dist, suffix+".params.json") }

func writeRecord(path string, r deployRecord) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// readRecord reads what make package recorded for the environment and
// checks that it gives every parameter the template needs.
func (s *session) readRecord() (deployRecord, error) {
	path := recordPath(s.o.Dist, s.env.Suffix)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return deployRecord{}, fmt.Errorf("no %s: nothing is packaged for %s yet; run make package ENV=%s first",
			path, s.env.Name, s.env.Name)
	}
	if err != nil {
		return deployRecord{}, fmt.Errorf("read package record: %w", err)
	}
	var r deployRecord
	if err := json.Unmarshal(data, &r); err != nil {
		return deployRecord{}, fmt.Errorf("read %s: %w: run make package ENV=%s again", path, err, s.env.Name)
	}
	for _, p := range s.env.Main.Required {
		if r.Parameters[p] != "" {
			continue
		}
		hint := "run make package ENV=" + s.env.Name + " again"
		for _, pp := range packageParameters {
			if pp.parameter == p {
				hint = "build it with " + pp.build + ", then run make package ENV=" + s.env.Name
			}
		}
		return deployRecord{}, fmt.Errorf("%s needs the parameter %s, which %s does not give: %s",
			s.env.Main.Path, p, path, hint)
	}
	return r, nil
}
