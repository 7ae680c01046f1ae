package spec

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a spec, located at a file and line.
type Problem struct {
	File string
	Line int
	// Path is the dotted key path, for example environments.prod.vpcCidr.
	Path string
	// Message says what is wrong.
	Message string
	// Hint says what to write instead.
	Hint string
}

// Error formats the problem as file:line: path: message; hint, leaving
// out the path and the hint when there are none.
func (p Problem) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: ", p.File, p.Line)
	if p.Path != "" {
		fmt.Fprintf(&b, "%s: ", p.Path)
	}
	b.WriteString(p.Message)
	if p.Hint != "" {
		fmt.Fprintf(&b, "; %s", p.Hint)
	}
	return b.String()
}

// Problems is every problem found in a spec, in file order.
type Problems []Problem

// Error lists every problem, one a line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

func (ps Problems) sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Path < ps[j].Path
	})
	return ps
}
