package spec

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strconv"

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

// Parse checks and resolves a spec read from file.
func Parse(file string, data []byte) (*Spec, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, syntaxProblems(file, err)
	}
	if len(root.Content) == 0 {
		return nil, Problems{{File: file, Line: 1, Message: "the spec is empty",
			Hint: "start from templates/pipeline.yaml"}}
	}
	if probs := unknownKeys(file, &root, reflect.TypeOf(File{}), ""); len(probs) > 0 {
		return nil, probs.sorted()
	}
	var f File
	if err := root.Decode(&f); err != nil {
		return nil, syntaxProblems(file, err)
	}
	pos := indexPositions(&root)
	v := &validator{file: file, pos: pos}
	s := v.resolve(&f, environmentOrder(&root))
	if len(v.problems) > 0 {
		return nil, v.problems.sorted()
	}
	sum := sha256.Sum256(data)
	s.Path = file
	s.SHA256 = hex.EncodeToString(sum[:])
	s.pos = v.pos
	return s, nil
}

// environmentOrder returns the environment names in the order they are
// written, since a Go map forgets it.
func environmentOrder(root *yaml.Node) []string {
	doc := root.Content[0]
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

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
var cannotUnmarshal = regexp.MustCompile("^cannot unmarshal !!(\\w+) `(.*)` into (.+)$")

// syntaxProblems turns yaml.v3's errors, which speak of Go types, into
// problems that speak of the spec.
func syntaxProblems(file string, err error) error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var out Problems
	for _, m := range msgs {
		p := Problem{File: file, Line: 1, Message: m}
		if g := yamlLine.FindStringSubmatch(m); g != nil {
			p.Line, _ = strconv.Atoi(g[1])
			p.Message = g[2]
		}
		if g := cannotUnmarshal.FindStringSubmatch(p.Message); g != nil {
			p.Message = fmt.Sprintf("%q is %s, expected %s", g[2], yamlKind(g[1]), goKind(g[3]))
		}
		out = append(out, p)
	}
	return out.sorted()
}

func yamlKind(tag string) string {
	switch tag {
	case "str":
		return "text"
	case "int", "float":
		return "a number"
	case "seq":
		return "a list"
	case "map":
		return "a mapping"
	case "bool":
		return "a boolean"
	}
	return tag
}

func goKind(t string) string {
	switch {
	case t == "int":
		return "a whole number"
	case t == "string":
		return "text (quote it)"
	case bytes.HasPrefix([]byte(t), []byte("[]")):
		return "a list"
	}
	return "a mapping"
}
