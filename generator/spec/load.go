package spec

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Load reads, checks and resolves the spec at path. A spec with problems
// returns Problems, every one of them with its line.
func Load(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read spec: %w", err)
	}
	return Parse(path, data)
}

// Parse checks and resolves a spec read from file: first the shape of the
// YAML (keys, kinds, duplicates), then every value.
func Parse(file string, data []byte) (*Spec, error) {
	root, probs := parseYAML(file, data)
	if probs != nil {
		return nil, probs
	}
	sh := &shape{file: file}
	sh.check(root, reflect.TypeOf(File{}), "")
	if len(sh.problems) > 0 {
		return nil, sh.problems.sorted()
	}
	var f File
	if err := root.Decode(&f); err != nil {
		return nil, syntaxProblems(file, err)
	}
	v := &validator{file: file, pos: indexPositions(root)}
	s := v.resolve(&f, environmentOrder(root))
	if len(v.problems) > 0 {
		return nil, v.problems.sorted()
	}
	sum := sha256.Sum256(data)
	s.Path = file
	s.SHA256 = hex.EncodeToString(sum[:])
	s.pos = v.pos
	return s, nil
}

// parseYAML returns the top node of the spec's one YAML document.
func parseYAML(file string, data []byte) (*yaml.Node, Problems) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	err := dec.Decode(&doc)
	if errors.Is(err, io.EOF) || err == nil && (len(doc.Content) == 0 || isNull(doc.Content[0])) {
		return nil, Problems{{File: file, Line: 1, Message: "the spec is empty",
			Hint: "start from templates/pipeline.yaml"}}
	}
	if err != nil {
		return nil, syntaxProblems(file, err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, syntaxProblems(file, err)
	case len(next.Content) > 0 && !isNull(next.Content[0]):
		return nil, Problems{{File: file, Line: next.Line, Message: "a second YAML document",
			Hint: "the spec is one document: remove this --- line and what follows, or merge them"}}
	}
	return doc.Content[0], nil
}

// environmentOrder returns the environment names in the order they are
// written, since a Go map forgets it.
func environmentOrder(doc *yaml.Node) []string {
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value != "environments" {
			continue
		}
		var names []string
		envs := doc.Content[i+1]
		for j := 0; j+1 < len(envs.Content); j += 2 {
			names = append(names, envs.Content[j].Value)
		}
		return names
	}
	return nil
}

var yamlLine = regexp.MustCompile(`^line (\d+): (.*)$`)

// syntaxHints say what to write instead for yaml.v3's commonest complaints.
// A parser (not scanner) error counts its line from 0, and points where
// the enclosing block starts.
var syntaxHints = []struct {
	prefix, hint string
	parser       bool
}{
	{"found character that cannot start any token", "indent with spaces, not tabs, and quote a value that starts with @, ` or %", false},
	{"mapping values are not allowed", `quote a value that holds ": ", and line keys up with their siblings`, false},
	{"found unexpected end of stream", "close the quote opened here", false},
	{"did not find expected key", "a line in this block is indented differently from its siblings: line it up", true},
	{"did not find expected ',' or ']'", "close the [ opened here", true},
	{"did not find expected ',' or '}'", "close the { opened here", true},
	{"did not find expected '-' indicator", `a list item and a key cannot share one level: indent the key, or start the line with "- "`, true},
	{"did not find expected node content", "write a value after the colon or dash, or quote it", true},
	{"unknown anchor", "the spec does not use YAML aliases: write the value out in full", false},
}

// syntaxProblems turns yaml.v3's errors into problems with a line and a
// hint.
func syntaxProblems(file string, err error) Problems {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var out Problems
	for _, m := range msgs {
		// yaml.v3 leaves the line out when it is the first.
		p := Problem{File: file, Line: 1, Message: strings.TrimPrefix(m, "yaml: ")}
		counted := false
		if g := yamlLine.FindStringSubmatch(p.Message); g != nil {
			p.Line, _ = strconv.Atoi(g[1])
			p.Message = g[2]
			counted = true
		}
		p.Hint = "check the YAML syntax of this line and the one before"
		for _, h := range syntaxHints {
			if strings.HasPrefix(p.Message, h.prefix) {
				p.Hint = h.hint
				if h.parser && counted {
					p.Line++
				}
				break
			}
		}
		out = append(out, p)
	}
	return out.sorted()
}
