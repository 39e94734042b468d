import TimeoutsCore

/// Opens the terminal UI (issue 3).
func runTUI(_ args: inout Arguments, env: [String: String]) async throws -> ExitCode {
    throw UsageError(description: "the terminal UI is not available yet; use scan, raise or rollback")
}
