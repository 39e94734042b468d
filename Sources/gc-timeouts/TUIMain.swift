import GenesysCloud
import Synchronization
import Terminal
import TimeoutsCore
import TimeoutsTUI

// MARK: - Terminal UI

/// Events posted by background work, drained by the UI loop.
final class EventQueue: Sendable {
    private let pending = Mutex<[Event]>([])
    func post(_ event: Event) { pending.withLock { $0.append(event) } }
    func drain() -> [Event] { pending.withLock { events in defer { events = [] }; return events } }
}

/// Opens the terminal UI on the org (or --demo) and runs until the user quits.
@MainActor
func runTUI(_ args: inout Arguments, env: [String: String]) throws -> ExitCode {
    let threshold = try parseTimeoutSeconds(args.value("threshold") ?? "3", what: "--threshold")
    let store = backupStore(&args, env: env)
    let monochrome = args.flag("no-color") || !(env["NO_COLOR"] ?? "").isEmpty
    let options = try scanOptions(&args)
    let queue = EventQueue()
    let connection = try Connection.make(&args, env: env, onRateLimitWait: { queue.post(.rateLimitWait($0)) })
    try args.rejectUnused()

    let runner = EffectRunner(client: connection.client, store: store, scanOptions: options, concurrency: options.concurrency,
                              post: { queue.post($0) })
    let screen = try Screen(monochrome: monochrome)
    defer { screen.restore() }
    var state = AppState(region: connection.label, threshold: threshold, cols: screen.cols, rows: screen.rows)
    runner.run(.load)
    var dirty = true
    while !state.quitting {
        // Render only when something happened: an idle UI costs nothing.
        if dirty { screen.draw(render(state)) }
        // Wait briefly for a key, then take everything already typed, so one frame follows a burst.
        var inputs: [TerminalInput] = []
        if let first = screen.read(milliseconds: 40) {
            inputs.append(first)
            while let more = screen.read(milliseconds: 0) { inputs.append(more) }
        }
        var events: [Event] = []
        for input in inputs {
            switch input {
            case .key(.char("\u{0C}")): screen.invalidate()  // Ctrl-L redraws everything, as in most terminal programs
            case .key(let key): events.append(.key(key))
            case .resize(let cols, let rows): events.append(.resize(cols: cols, rows: rows))
            }
        }
        events += queue.drain()
        dirty = !events.isEmpty || inputs.contains { if case .key(.char("\u{0C}")) = $0 { true } else { false } }
        for event in events {
            for effect in reduce(&state, event) where effect != .quit { runner.run(effect) }
        }
    }
    return .ok
}
