import Foundation
import GenesysCloud
import Testing

@testable import TimeoutsCore

@Suite struct TimeoutInputTests {
    @Test(arguments: ["0", "61", "-5", "abc", "10.5", "", " ", "1e1", "٣", "0x10", "max"])
    func badTimeoutsAreRefused(_ text: String) {
        #expect(throws: TimeoutInputError.self) { try parseTimeoutSeconds(text) }
    }

    @Test func goodTimeoutsParse() throws {
        #expect(try parseTimeoutSeconds("1") == 1)
        #expect(try parseTimeoutSeconds(" 60 ") == 60)
        #expect(try parseTimeoutSeconds("MAX", allowMax: true) == 60)
        #expect(TimeoutInputError(input: "61", what: "--to").description.contains("from 1 to 60"))
    }

    @Test func unsetReadsAsTheDefault() {
        #expect(describeTimeout(nil) == "60 (default)")
        #expect(describeTimeout(7) == "7")
    }
}

@Suite struct PlannerTests {
    func scanned(_ id: String, timeout: Int?, kind: ActionKind = .webService, function: Int? = nil,
                 name: String = "Action") -> ScannedAction
    {
        var config: JSONObject = ["request": ["requestTemplate": "${input.rawRequest}"]]
        if let timeout { config["timeoutSeconds"] = .int(timeout) }
        let raw: JSON = ["id": .string(id), "name": .string(name), "category": "Cat", "version": 3, "config": .object(config)]
        return ScannedAction(action: try! Action(raw: raw), kind: kind, integrationName: "Web", functionTimeoutSeconds: function)
    }

    @Test func raisesOnlyLowWritableActionsAndNeverLowers() {
        let actions = [
            scanned("low", timeout: 2), scanned("edge", timeout: 3), scanned("high", timeout: 30),
            scanned("unset", timeout: nil), scanned("customAuth_-_x", timeout: nil, kind: .customAuth),
            scanned("static_-_y", timeout: 2, kind: .staticAction),
        ]
        let plan = Planner.raise(actions, threshold: 3, to: 60)
        #expect(plan.changes.map(\.id) == ["low", "edge"])
        #expect(plan.changes.allSatisfy { $0.to == 60 })
        #expect(plan.skipped.map(\.reason) == [.staticAction])
        #expect(plan.aboveThreshold == 3)  // high, unset (60 by default), custom auth (60 by default)

        let selected = Planner.raise(actions, threshold: 3, to: 20, only: ["high", "low", "customAuth_-_x"])
        #expect(selected.changes.map(\.id) == ["low"])
        #expect(selected.skipped.map(\.reason) == [.alreadyAtOrAbove(current: 30, target: 20), .customAuth])
    }

    @Test func functionTimeoutCapsTheRaise() {
        let plan = Planner.raise([scanned("f1", timeout: 2, kind: .function, function: 9),
                                  scanned("f2", timeout: 9, kind: .function, function: 9)], threshold: 10, to: 60)
        #expect(plan.changes.map(\.to) == [9])
        #expect(plan.changes.first?.note?.contains("function") == true)
        #expect(plan.skipped.map(\.reason) == [.functionCapped(functionSeconds: 9)])
        #expect(scanned("f3", timeout: 30, kind: .function, function: 9).timeoutIneffective)
    }

    @Test func filterMatchesNameCategoryIntegrationAndID() {
        let actions = [scanned("a", timeout: 1, name: "Lookup Customer"), scanned("b", timeout: 1, name: "顧客検索")]
        #expect(Planner.raise(actions, threshold: 3, to: 60, filter: "lookup").changes.map(\.id) == ["a"])
        #expect(Planner.raise(actions, threshold: 3, to: 60, filter: "顧客").changes.map(\.id) == ["b"])
        #expect(Planner.raise(actions, threshold: 3, to: 60, filter: "cat").changes.count == 2)
    }

    @Test func editMayLowerButNeverTouchesUnwritableKinds() {
        #expect(Planner.edit(scanned("a", timeout: 30), to: 5).changes.first?.to == 5)
        #expect(Planner.edit(scanned("s", timeout: 2, kind: .staticAction), to: 5).changes.isEmpty)
        #expect(Planner.edit(scanned("a", timeout: 5), to: 5).changes.isEmpty)
    }

    @Test func tablesAlignWideNamesByDisplayWidth() {
        let text = ScanReport.table([scanned("a", timeout: 1, name: "顧客検索"), scanned("b", timeout: 50, name: "abcdefgh")],
                                    threshold: 3)
        let lines = text.split(separator: "\n").prefix(3).map(String.init)
        let columns = lines.map { line -> Int in
            guard let start = line.range(of: "cat", options: .caseInsensitive) else { return -1 }
            let prefix = line[..<start.lowerBound]
            return DisplayWidth.of(String(prefix))
        }
        #expect(Set(columns).count == 1, "the CATEGORY column starts at the same display column on every row")
        #expect(DisplayWidth.of("🔎 Find") == 7)
        #expect(DisplayWidth.truncate("顧客検索テスト", to: 7) == "顧客検…")
    }

    @Test func csvQuotesAndDefusesFormulas() {
        #expect(ScanReport.csvField("a,b") == "\"a,b\"")
        #expect(ScanReport.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(ScanReport.csvField("=cmd()") == "\"'=cmd()\"")
        #expect(ScanReport.csvField("plain") == "plain")
    }
}
