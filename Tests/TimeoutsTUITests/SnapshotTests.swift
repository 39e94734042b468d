import GenesysCloud
import Testing
import TimeoutsCore

@testable import TimeoutsTUI

@Suite struct SnapshotTests {
    static let sizes = [(80, 24), (120, 40)]

    @Test(arguments: sizes) func tableWithHighlights(cols: Int, rows: Int) async throws {
        var s = try await loadedState(cols: cols, rows: rows)
        press(&s, .down, .char(" "), .down)
        assertSnapshot(s, "table-\(cols)x\(rows)")
        let grid = render(s)
        let lowRow = try #require(s.visible.firstIndex { s.actions[$0].atOrBelow(threshold: 3) })
        if lowRow < s.tableHeight, lowRow != s.cursor {
            #expect(grid.cells[3 + lowRow][1].character == "!", "the marker carries the meaning without colour")
            #expect(grid.cells[3 + lowRow][6].style == .atRisk)
        }
    }

    @Test(arguments: sizes) func filterActive(cols: Int, rows: Int) async throws {
        var s = try await loadedState(cols: cols, rows: rows)
        press(&s, .char("/"))
        type(&s, "check")
        assertSnapshot(s, "filter-\(cols)x\(rows)")
    }

    @Test(arguments: sizes) func editWithInvalidInput(cols: Int, rows: Int) async throws {
        var s = try await loadedState(cols: cols, rows: rows)
        s.cursor = try #require(s.visible.firstIndex { s.actions[$0].kind == .function })
        press(&s, .char("e"), .backspace, .backspace)
        type(&s, "61")
        assertSnapshot(s, "edit-invalid-\(cols)x\(rows)")
        #expect(render(s).text.contains("must be from 1 to 60"))
    }

    @Test(arguments: sizes) func conflictPrompt(cols: Int, rows: Int) async throws {
        var s = try await loadedState(cols: cols, rows: rows)
        let action = try #require(s.actions.first { $0.isWritable && $0.atOrBelow(threshold: 3) })
        var raw = action.action.raw
        raw["name"] = .string(action.name + " (edited)")
        raw["version"] = .int(action.action.version + 1)
        let current = action.updated(with: try Action(raw: raw))
        press(&s, .char("a"), .char("R"), .enter)
        _ = reduce(&s, .conflictRaised(Conflict(change: Change(target: action, to: 60), current: current)))
        assertSnapshot(s, "conflict-\(cols)x\(rows)")
    }

    @Test(arguments: sizes) func bulkProgressAndSummary(cols: Int, rows: Int) async throws {
        var s = try await loadedState(cols: cols, rows: rows)
        press(&s, .char("a"), .char("R"), .enter)
        s.bulk = BulkProgress(done: 7, applied: 5, failed: 1, conflicts: 1, total: 20)
        assertSnapshot(s, "bulk-progress-\(cols)x\(rows)")
        guard case .apply(let plan)? = reduce(&s, .key(.enter)).first ?? Optional<Effect>.none else {
            // No effect expected from Enter while busy: build the report from the plan in the confirm step.
            let changes = Planner.raise(s.actions, threshold: 3, to: 60).changes
            let results = changes.prefix(3).enumerated().map { i, c in
                ChangeResult(change: c, outcome: i == 0 ? .failed("HTTP 503 service.unavailable (correlation id abc)")
                             : .applied(c.target))
            }
            _ = reduce(&s, .applyFinished(ApplyReport(results: results, backupPath: "/home/admin/.local/state/gc-timeouts/backups/gc-timeouts-raise-20261203T101500Z-x1.json",
                                                      warnings: []), purpose: .raise))
            assertSnapshot(s, "summary-\(cols)x\(rows)")
            return
        }
        Issue.record("Enter started another batch: \(plan.changes.count)")
    }

    @Test(arguments: sizes) func helpOverlay(cols: Int, rows: Int) async throws {
        var s = try await loadedState(cols: cols, rows: rows)
        press(&s, .char("?"))
        assertSnapshot(s, "help-\(cols)x\(rows)")
    }

    @Test func tooSmallTerminal() async throws {
        var s = try await loadedState(cols: 50, rows: 12)
        assertSnapshot(s, "too-small-50x12")
        #expect(render(s).text.contains("Terminal too small"))
        _ = reduce(&s, .resize(cols: 80, rows: 24))
        #expect(!render(s).text.contains("Terminal too small"), "a resize re-lays out from the new size")
    }

    @Test(arguments: sizes) func unicodeNamedRowsStayAligned(cols: Int, rows: Int) async throws {
        var s = try await loadedState(cols: cols, rows: rows)
        press(&s, .char("/"))
        type(&s, "o")
        press(&s, .enter)
        assertSnapshot(s, "unicode-\(cols)x\(rows)")
        let grid = render(s)
        // Every table row is exactly `cols` display columns, wide names included.
        for r in 3..<(rows - 2) {
            #expect(grid.cells[r].reduce(0) { $0 + Int($1.width) } == cols)
        }
        #expect(s.visible.contains { s.actions[$0].name.contains("顧客") || s.actions[$0].name.contains("🔎") })
    }
}
