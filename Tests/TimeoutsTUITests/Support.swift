import Foundation
import GenesysCloud
import GenesysSimulator
import Testing
import TimeoutsCore

@testable import TimeoutsTUI

/// Actions of a seeded simulated org, read through the real scanner (in-process).
func inventory(actions: Int = 40, seed: UInt64 = 3) async throws -> Inventory {
    try await Scanner(client: SimulatedOrg(actions: actions, seed: seed).inProcessClient()).scan()
}

/// A loaded state of the given size.
func loadedState(cols: Int = 80, rows: Int = 24, actions: Int = 40) async throws -> AppState {
    var s = AppState(region: "eu-west-1", threshold: 3, cols: cols, rows: rows)
    _ = reduce(&s, .loaded(try await inventory(actions: actions)))
    return s
}

/// Feeds keys; returns every effect produced.
@discardableResult
func press(_ s: inout AppState, _ keys: Key...) -> [Effect] {
    keys.flatMap { reduce(&s, .key($0)) }
}

func type(_ s: inout AppState, _ text: String) {
    for c in text { _ = reduce(&s, .key(.char(c))) }
}

// MARK: - Snapshots

let snapshotDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

/// Compares the rendered grid (text and style map) with `Snapshots/<name>.txt`;
/// RECORD_SNAPSHOTS=1 writes it instead. A failure shows a line diff.
func assertSnapshot(_ state: AppState, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let grid = render(state)
    let actual = grid.text + "\n\n--- styles ---\n" + grid.styleMap + "\n"
    let path = snapshotDir.appendingPathComponent(name + ".txt")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: snapshotDir, withIntermediateDirectories: true)
        try? actual.write(to: path, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: path, encoding: .utf8) else {
        Issue.record("no snapshot \(name).txt; record it with RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var diff: [String] = []
        for i in 0..<max(e.count, a.count) where (i < e.count ? e[i] : "") != (i < a.count ? a[i] : "") {
            diff.append("line \(i + 1):\n- \(i < e.count ? e[i] : "")\n+ \(i < a.count ? a[i] : "")")
            if diff.count >= 12 { break }
        }
        let detail = diff.joined(separator: "\n")
        Issue.record("snapshot \(name) differs:\n\(detail)", sourceLocation: sourceLocation)
    }
}
