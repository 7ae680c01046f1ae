package spec

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// positions maps a dotted key path to the line of its value, so that
// problems found after decoding still point at the spec's text.
type positions map[string]int

func indexPositions(root *yaml.Node) positions {
	pos := positions{}
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		pos[path] = n.Line
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(n.Content[i+1], join(path, n.Content[i].Value))
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, join(path, strconv.Itoa(i)))
			}
		}
	}
	walk(root, "")
	return pos
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
