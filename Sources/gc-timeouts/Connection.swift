import GenesysCloud
import Synchronization
import GenesysSimulator
import TimeoutsCore

// MARK: - Connection

/// Where the commands talk to: a real org from the environment, or the built-in simulated org.
struct Connection {
    let client: GenesysClient
    let label: String
    /// The in-process org behind --demo.
    let demoOrg: SimulatedOrg?

    /// `--demo` (with `--seed`, `--actions`), else `--region`/`GENESYSCLOUD_REGION` and credentials from the environment.
    static func make(_ args: inout Arguments, env: [String: String],
                     onRateLimitWait: @escaping @Sendable (Int) -> Void = Connection.logRateLimitWait) throws -> Connection
    {
        if args.flag("demo") {
            var options = SimulatorOptions()
            options.actions = try args.int("actions", default: 240, in: 1...200_000)
            options.seed = UInt64(try args.int("seed", default: 1, in: 0...Int.max))
            let org = SimulatedOrg(options: options)
            let label = "demo (simulated org)"
            return Connection(client: org.inProcessClient(label: label, onRateLimitWait: onRateLimitWait), label: label,
                              demoOrg: org)
        }
        let regionText = args.value("region") ?? env["GENESYSCLOUD_REGION"].flatMap { $0.isEmpty ? nil : $0 } ?? "us-east-1"
        let endpoint = try Region.resolve(regionText)
        let credentials = try Credentials.fromEnvironment(env)
        let client = GenesysClient(endpoint: endpoint, credentials: credentials, transport: URLSessionTransport(),
                                   onRateLimitWait: onRateLimitWait)
        return Connection(client: client, label: endpoint.label, demoOrg: nil)
    }

    /// Headless: a stderr line, at most one every few seconds, so a paused run never looks hung.
    static let logRateLimitWait: @Sendable (Int) -> Void = { seconds in
        let now = ContinuousClock.now
        let due = lastRateLimitLog.withLock { last -> Bool in
            guard last.map({ now - $0 >= .seconds(5) }) ?? true else { return false }
            last = now
            return true
        }
        if due { Output.err("gc-timeouts: rate limited by Genesys Cloud: waiting \(seconds) s") }
    }
}

private let lastRateLimitLog = Mutex<ContinuousClock.Instant?>(nil)

