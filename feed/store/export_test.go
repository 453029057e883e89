package store

// SetCommitChunk makes Import.Commit write n ids a transaction, until the
// returned func puts the default back.
func SetCommitChunk(n int) (restore func()) {
	old := commitChunk
	commitChunk = n
	return func() { commitChunk = old }
}
