// Package report writes the result of a compliance check for people and
// for tools: one line per finding on a terminal, JSON, SARIF 2.1.0 for code
// scanning, and the Markdown evidence an auditor reads per environment.
// Every writer is deterministic: equal results give equal bytes.
package report
