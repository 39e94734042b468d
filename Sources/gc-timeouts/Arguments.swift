// MARK: - Arguments

/// A usage mistake: printed as one line, exit 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
}

/// Parsed command line: the subcommand, its positional arguments, and flags.
struct Arguments {
    var command: String?
    var positional: [String] = []
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    private var used: Set<String> = []

    /// Flags that take a value; everything else starting with `--` is a switch.
    static let valued: Set<String> = [
        "region", "threshold", "to", "filter", "format", "backup-dir", "concurrency", "on-conflict", "page-size",
        "seed", "actions", "port", "client-id", "client-secret", "rate-limit", "fault-rate", "token-ttl",
        "concurrent-edits", "latency-ms",
    ]
    static let switches: Set<String> = ["demo", "apply", "include-auth", "help", "version", "no-color"]
    static let commands: Set<String> = ["scan", "raise", "rollback", "simulate", "tui", "help"]

    init(_ argv: [String]) throws(UsageError) {
        var i = 0
        while i < argv.count {
            let arg = argv[i]
            i += 1
            if arg == "-h" { flags.insert("help"); continue }
            if arg == "--" { positional += argv[i...]; break }
            if arg.hasPrefix("--") {
                var name = String(arg.dropFirst(2)), value: String?
                if let eq = name.firstIndex(of: "=") {
                    value = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                if Self.switches.contains(name) {
                    guard value == nil else { throw UsageError(description: "--\(name) takes no value") }
                    flags.insert(name)
                } else if Self.valued.contains(name) {
                    if value == nil {
                        guard i < argv.count else { throw UsageError(description: "--\(name) needs a value") }
                        value = argv[i]
                        i += 1
                    }
                    values[name] = value
                } else {
                    throw UsageError(description: "unknown option --\(name) (see gc-timeouts --help)")
                }
            } else if arg.hasPrefix("-"), arg.count > 1, Int(arg) == nil {
                throw UsageError(description: "unknown option \(arg) (see gc-timeouts --help)")
            } else if command == nil, positional.isEmpty {
                guard Self.commands.contains(arg) else {
                    throw UsageError(description: "unknown command '\(arg)'; commands: scan, raise, rollback, simulate (none opens the terminal UI)")
                }
                command = arg
            } else {
                positional.append(arg)
            }
        }
    }

    mutating func flag(_ name: String) -> Bool {
        used.insert(name)
        return flags.contains(name)
    }

    mutating func value(_ name: String) -> String? {
        used.insert(name)
        return values[name]
    }

    mutating func int(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let raw = value(name) else { return fallback }
        guard let n = Int(raw), range.contains(n) else {
            throw UsageError(description: "invalid --\(name) '\(raw)': give a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    mutating func fraction(_ name: String) throws(UsageError) -> Double {
        guard let raw = value(name) else { return 0 }
        guard let f = Double(raw), (0...1).contains(f) else {
            throw UsageError(description: "invalid --\(name) '\(raw)': give a fraction from 0 to 1")
        }
        return f
    }

    /// Refuses options the chosen command does not take, so a typo never passes silently.
    func rejectUnused() throws(UsageError) {
        let given = Set(values.keys).union(flags)
        if let stray = given.subtracting(used).sorted().first {
            throw UsageError(description: "--\(stray) does not apply to \(command.map { "'\($0)'" } ?? "the terminal UI")")
        }
    }
}
