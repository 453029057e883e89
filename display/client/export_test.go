package client

// The pacing of heartbeats, for the black-box tests.
var (
	Newsworthy = newsworthy
	HoldFor    = holdFor
)
