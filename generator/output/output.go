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
// Every file is first written in full beside its target and only then are
// they all renamed into place, so a failure while writing leaves every
// previous file as it was.
func WriteAll(files []File) error {
	staged := make([]string, 0, len(files))
	defer func() {
		for _, tmp := range staged {
			os.Remove(tmp) // fails harmlessly once renamed
		}
	}()
	for _, f := range files {
		tmp, err := stage(f.Path, f.Data)
		if err != nil {
			return err
		}
		staged = append(staged, tmp)
	}
	// A target that is a directory would fail its rename after earlier
	// files were already replaced; find it before replacing any.
	for _, f := range files {
		if info, err := os.Lstat(f.Path); err == nil && info.IsDir() {
			return fmt.Errorf("write %s: is a directory", f.Path)
		}
	}
	for i, f := range files {
		if err := os.Rename(staged[i], f.Path); err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
	}
	return nil
}

// Write replaces path with data atomically.
func Write(path string, data []byte) error {
	return WriteAll([]File{{Path: path, Data: data}})
}

// stage writes data to a new temporary file in path's directory, readable
// by all as the target will be, and returns its name.
func stage(path string, data []byte) (string, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	err = write(tmp, data)
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return tmp.Name(), nil
}

func write(f *os.File, data []byte) error {
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	return f.Sync()
}
