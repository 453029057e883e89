package store

// SetCommitChunk makes Import.Commit write n ids a transaction, until the
// returned func puts the default back.
func SetCommitChunk(n int) (restore func()) {
	old := commitChunk
	commitChunk = n
	return func() { commitChunk = old }
}

// ReleaseEvery is how many answers a walk reads between two releases of
// the pages it mapped.
const ReleaseEvery = releaseEvery
