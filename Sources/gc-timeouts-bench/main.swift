import Foundation
import GenesysCloud
import GenesysSimulator
import TimeoutsCore
import TimeoutsTUI

// MARK: - TUI benchmark: a filter keystroke over N actions, and the memory it takes

/// Prints, for N actions loaded into the UI state: the time of one filter keystroke (reduce + render to
/// the grid) at p50/p95/max, and the process's peak resident memory. Used by scripts/bench.
let count = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 20_000

func peakRSSMegabytes() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

var options = SimulatorOptions()
options.actions = count
let inventory: Inventory
do {
    // Read through the real client and scanner, then drop the simulated org so only the UI's data remains.
    inventory = try await Scanner(client: SimulatedOrg(options: options).inProcessClient()).scan()
}
let afterLoad = peakRSSMegabytes()

var state = AppState(region: "bench", threshold: 3, cols: 120, rows: 40)
_ = reduce(&state, .loaded(inventory))
_ = render(state)
_ = reduce(&state, .key(.char("/")))

var samples: [Double] = []
let clock = ContinuousClock()
for round in 0..<5 {
    for c in "lookup customer" {
        let elapsed = clock.measure {
            _ = reduce(&state, .key(.char(c)))
            _ = render(state)
        }
        samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
    for _ in 0..<15 {
        let elapsed = clock.measure {
            _ = reduce(&state, .key(.backspace))
            _ = render(state)
        }
        samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
    if round == 0 { samples.removeAll() }  // warm-up
}
let sorted = samples.sorted()
let p50 = sorted[sorted.count / 2], p95 = sorted[min(sorted.count - 1, sorted.count * 95 / 100)]
print(String(format: "tui-filter actions=%d keystrokes=%d p50=%.2fms p95=%.2fms max=%.2fms", count, sorted.count,
             p50, p95, sorted.last ?? 0))
print(String(format: "tui-memory actions=%d peak-rss-during-load=%.1fMB peak-rss=%.1fMB", count, afterLoad, peakRSSMegabytes()))
