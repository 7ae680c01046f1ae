// Package moto runs moto_server on loopback in place of AWS and holds every
// place where code aimed at it bends to moto: the server's start and stop,
// an AWS CLI environment that can reach nothing else, and the workarounds
// for what moto does differently from AWS, each announced when applied.
// The local deploy and the operations tests share it.
package moto
