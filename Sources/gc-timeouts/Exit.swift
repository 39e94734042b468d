import GenesysCloud
import TimeoutsCore

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - Exit codes

/// The documented exit codes (README and --help).
enum ExitCode: Int32 {
    /// Done, or nothing pending.
    case ok = 0
    /// An error: credentials, network, server, files.
    case error = 1
    /// Usage or bad input; nothing was written.
    case usage = 2
    /// Findings or pending changes: scan found actions at or below the threshold; a dry run has changes.
    case pending = 3
    /// Partial failure: some changes failed or stayed in conflict.
    case partial = 4
}

/// The one place that maps an error to an exit code.
func exitCode(for error: any Error) -> ExitCode {
    switch error {
    case let backup as BackupError: backup.whileWriting ? .error : .usage
    case is UsageError, is TimeoutInputError, is RegionError: .usage
    default: .error
    }
}

/// One line on stderr, for every error path.
func fail(_ error: any Error) -> Never {
    let code = exitCode(for: error)
    Output.err("gc-timeouts: error: \(error)")
    exit(code.rawValue)
}
