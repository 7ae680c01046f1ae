// Package output writes generated files so that a reader never sees half of
// one: each file is written to a temporary file beside it and renamed.
package output

import (
	"fmt"
	"os"
	"path/filepath"
)

// File is a generated file waiting to be written.
type File struct {
	Path string
	Data []byte
}

// WriteAll writes every file atomically, creating directories as needed.
// Callers render everything first, so a failure before WriteAll leaves the
// previous files untouched.
func WriteAll(files []File) error {
	for _, f := range files {
		if err := Write(f.Path, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// Write replaces path with data atomically.
func Write(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
