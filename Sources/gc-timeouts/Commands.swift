import Foundation
import GenesysCloud
import GenesysSimulator
import TimeoutsCore

// MARK: - scan

/// `gc-timeouts scan`: every action, with those at or below the threshold marked.
func runScan(_ args: inout Arguments, env: [String: String]) async throws -> ExitCode {
    let threshold = try parseTimeoutSeconds(args.value("threshold") ?? "3", what: "--threshold")
    let format = try parseFormat(args.value("format"))
    let filter = args.value("filter") ?? ""
    let options = try scanOptions(&args)
    let connection = try Connection.make(&args, env: env)
    try args.rejectUnused()
    let inventory = try await readAll(connection, options: options)
    let shown = inventory.actions.filter { $0.matches(filter) }
    Output.out(ScanReport.render(shown, threshold: threshold, format: format))
    // Findings are what `raise` could act on: static and custom-auth actions cannot be changed.
    return shown.contains { $0.isWritable && $0.atOrBelow(threshold: threshold) } ? .pending : .ok
}

// MARK: - raise

/// `gc-timeouts raise`: plan (dry run) or apply raising low timeouts.
func runRaise(_ args: inout Arguments, env: [String: String]) async throws -> ExitCode {
    let threshold = try parseTimeoutSeconds(args.value("threshold") ?? "3", what: "--threshold")
    let target = try parseTimeoutSeconds(args.value("to") ?? "max", what: "--to", allowMax: true)
    let filter = args.value("filter") ?? ""
    let apply = args.flag("apply")
    let policy = try parsePolicy(args.value("on-conflict"))
    let store = backupStore(&args, env: env)
    let options = try scanOptions(&args)
    let connection = try Connection.make(&args, env: env)
    try args.rejectUnused()
    if target <= threshold {
        Output.err("gc-timeouts: note: --to \(target) is not above --threshold \(threshold); only actions below \(target) s can change")
    }
    let inventory = try await readAll(connection, options: options)
    let plan = Planner.raise(inventory.actions, threshold: threshold, to: target, filter: filter)
    return try await execute(plan, apply: apply, connection: connection, store: store, policy: policy,
                             concurrency: options.concurrency)
}

// MARK: - rollback

/// `gc-timeouts rollback BACKUP`: restore the timeouts a backup recorded.
func runRollback(_ args: inout Arguments, env: [String: String]) async throws -> ExitCode {
    guard args.positional.count == 1 else {
        throw UsageError(description: args.positional.isEmpty ? "rollback needs a backup file: gc-timeouts rollback BACKUP [--apply]"
                                                             : "rollback takes one backup file")
    }
    let backup = try Backup.read(path: args.positional[0])
    let apply = args.flag("apply")
    let policy = try parsePolicy(args.value("on-conflict"))
    let concurrency = try concurrencyOption(&args)
    let store = backupStore(&args, env: env)
    let connection = try Connection.make(&args, env: env)
    try args.rejectUnused()
    if !backup.org.isEmpty, backup.org != connection.label {
        Output.err("gc-timeouts: warning: this backup was taken from '\(backup.org)', not '\(connection.label)'")
    }
    let plan = Planner.rollback(backup, current: try await Scanner(client: connection.client).current(of: backup))
    return try await execute(plan, apply: apply, connection: connection, store: store, policy: policy,
                             concurrency: concurrency)
}

// MARK: - Shared steps

/// Prints the plan; with `apply`, backs up, writes, and prints one line per change and a summary.
func execute(_ plan: Plan, apply: Bool, connection: Connection, store: BackupStore, policy: ConflictPolicy,
             concurrency: Int) async throws -> ExitCode
{
    guard apply else {
        Output.out(PlanReport.text(plan))
        if !plan.isEmpty { Output.out("Dry run: nothing was written. Add --apply to make these changes.\n") }
        return plan.isEmpty ? .ok : .pending
    }
    for skip in plan.skipped { Output.out("SKIPPED   \(skip.target.name)  [\(skip.target.id)]: \(skip.reason)\n") }
    guard !plan.isEmpty else {
        Output.out(PlanReport.summary(plan) + "; nothing to do\n")
        return .ok
    }
    let applier = Applier(client: connection.client, store: store, concurrency: concurrency)
    let report = try await applier.apply(plan, resolver: policy) { event in
        switch event {
        case .backupWritten(let path): Output.err("Backup written: \(path)")
        case .finished(let result, let done, let total):
            Output.endProgress()
            Output.out(PlanReport.line(result) + "\n")
            Output.progress("Applying: \(done)/\(total)")
        }
    }
    Output.endProgress()
    for warning in report.warnings { Output.err("gc-timeouts: warning: \(warning)") }
    Output.out(PlanReport.summary(report, purpose: plan.purpose) + "\n")
    return report.isPartial ? .partial : .ok
}

func readAll(_ connection: Connection, options: ScanOptions) async throws -> Inventory {
    let scanner = Scanner(client: connection.client, options: options)
    let inventory = try await scanner.scan { p in
        Output.progress("Reading actions: page \(p.pagesDone)/\(p.pageCount), \(p.actionsFetched)/\(p.actionsTotal) actions")
    }
    Output.endProgress()
    for warning in inventory.warnings { Output.err("gc-timeouts: warning: \(warning)") }
    return inventory
}

func scanOptions(_ args: inout Arguments) throws -> ScanOptions {
    ScanOptions(pageSize: try args.int("page-size", default: 100, in: 1...500),
                includeAuthActions: args.flag("include-auth"), concurrency: try concurrencyOption(&args))
}

/// `--concurrency N`: requests in flight, 1 to 32, default 4.
func concurrencyOption(_ args: inout Arguments) throws -> Int {
    try args.int("concurrency", default: 4, in: 1...32)
}

/// `--backup-dir DIR`, else the default folder for backups.
func backupStore(_ args: inout Arguments, env: [String: String]) -> BackupStore {
    BackupStore(directory: args.value("backup-dir") ?? BackupStore.defaultDirectory(env))
}

func parseFormat(_ raw: String?) throws -> ReportFormat {
    guard let raw else { return .table }
    guard let format = ReportFormat(rawValue: raw) else {
        throw UsageError(description: "invalid --format '\(raw)': use table, json or csv")
    }
    return format
}

func parsePolicy(_ raw: String?) throws -> ConflictPolicy {
    guard let raw else { return .reapply }
    guard let policy = ConflictPolicy(rawValue: raw) else {
        throw UsageError(description: "invalid --on-conflict '\(raw)': use reapply, skip or fail")
    }
    return policy
}

// MARK: - simulate

/// `gc-timeouts simulate`: serve a simulated org on loopback until interrupted.
func runSimulate(_ args: inout Arguments) throws -> Never {
    var options = SimulatorOptions()
    options.actions = try args.int("actions", default: 240, in: 1...200_000)
    options.seed = UInt64(try args.int("seed", default: 1, in: 0...Int.max))
    if let id = args.value("client-id") { options.clientID = id }
    if let secret = args.value("client-secret") { options.clientSecret = secret }
    options.tokenTTLSeconds = try args.int("token-ttl", default: 86_400, in: 1...864_000)
    options.faultRate = try args.fraction("fault-rate")
    options.concurrentEditRate = try args.fraction("concurrent-edits")
    options.latency = .milliseconds(try args.int("latency-ms", default: 0, in: 0...60_000))
    if let raw = args.value("rate-limit") { options.rateLimit = try parseRateLimit(raw) }
    let port = try args.int("port", default: 0, in: 0...65_535)
    try args.rejectUnused()
    let server = try LoopbackServer(org: SimulatedOrg(options: options), port: UInt16(port))
    Output.out(server.baseURL + "\n")
    Output.err("Simulated org with \(options.actions) actions (seed \(options.seed)) at \(server.baseURL)")
    Output.err("Use it with: GENESYSCLOUD_REGION=\(server.baseURL) GENESYSCLOUD_OAUTHCLIENT_ID=\(options.clientID) GENESYSCLOUD_OAUTHCLIENT_SECRET=<the --client-secret; default in README>")
    Output.err("Press Ctrl-C to stop.")
    // Stop on INT/TERM/HUP even when started with them blocked (a parent's worker thread may pass its
    // signal mask on), so supervisors and test runners can always end the simulator.
    var signals = sigset_t()
    sigemptyset(&signals)
    for sig in [SIGINT, SIGTERM, SIGHUP] {
        sigaddset(&signals, sig)
        signal(sig) { _ in _exit(0) }
    }
    pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    while true { sleep(3600) }
}

func parseRateLimit(_ raw: String) throws -> (count: Int, windowSeconds: Int) {
    let parts = raw.split(separator: "/")
    guard parts.count == 2, let count = Int(parts[0]), count > 0,
        let window = Int(parts[1].hasSuffix("s") ? parts[1].dropLast() : parts[1]), window > 0
    else { throw UsageError(description: "invalid --rate-limit '\(raw)': use N/Ts, e.g. 300/60s") }
    return (count, window)
}
