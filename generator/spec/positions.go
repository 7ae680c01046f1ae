package spec

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// positions maps the dotted path of every value written in the spec to its
// line, so that problems found after decoding still point at the spec's
// text: a single value's own line, and for a mapping or list the line of
// its key, where a reader looks for what it lacks.
type positions map[string]int

func indexPositions(root *yaml.Node) positions {
	pos := positions{}
	var walk func(n *yaml.Node, path string, line int)
	walk = func(n *yaml.Node, path string, line int) {
		if n.Kind == yaml.ScalarNode {
			line = n.Line
		}
		pos[path] = line
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(n.Content[i+1], join(path, n.Content[i].Value), n.Content[i].Line)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, join(path, strconv.Itoa(i)), c.Line)
			}
		}
	}
	walk(root, "", 1)
	return pos
}

// has reports whether the spec writes a value at path.
func (p positions) has(path string) bool {
	_, ok := p[path]
	return ok
}

// line returns the line of path, or of its nearest ancestor present in the
// file (a missing key is reported where its parent stands).
func (p positions) line(path string) int {
	for {
		if l, ok := p[path]; ok {
			return l
		}
		i := strings.LastIndex(path, ".")
		if i < 0 {
			return p[""]
		}
		path = path[:i]
	}
}

func join(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}
