import Foundation
import GenesysCloud
import GenesysSimulator
import Testing

@testable import TimeoutsCore

@Suite struct ApplyTests {
    @Test func scanReadsEveryPageWithTheFewestRequests() async throws {
        let org = makeOrg(actions: 1_234)
        let inventory = try await Scanner(client: makeClient(org), options: ScanOptions(pageSize: 100)).scan()
        #expect(inventory.actions.count == 1_234 - 2)
        #expect(Set(inventory.actions.map(\.id)).count == inventory.actions.count)
        let counts = org.requestCounts()
        #expect(counts["GET list"] == Int((Double(1_232) / 100).rounded(.up)))
        #expect(counts["GET template"] == nil, "templates are read only when a write needs them")
        #expect(counts["GET function"] == inventory.actions.filter { $0.kind == .function }.count)
        #expect(inventory.actions.contains { $0.kind == .function && $0.functionTimeoutSeconds != nil })
    }

    @Test func raiseChangesOnlyTheTimeoutAndKeepsTemplatesByteForByte() async throws {
        let org = makeOrg(actions: 200)
        let before = Dictionary(uniqueKeysWithValues: org.snapshot().map { ($0["id"]!.stringValue!, $0) })
        let client = makeClient(org)
        let inventory = try await Scanner(client: client).scan()
        let plan = Planner.raise(inventory.actions, threshold: 3, to: 60)
        #expect(plan.changes.count > 20)
        let uriTemplates = plan.changes.filter { $0.target.action.requestTemplateURI != nil }
        #expect(!uriTemplates.isEmpty, "the seed must include templates carried by URI")
        let templateText = Dictionary(uniqueKeysWithValues: uriTemplates.map { ($0.id, org.template($0.id, .request)) })

        let report = try await Applier(client: client, store: BackupStore(directory: tempDir())).apply(plan, resolver: ConflictPolicy.fail)
        #expect(report.applied == plan.changes.count)
        #expect(!report.isPartial)

        let planned = Dictionary(uniqueKeysWithValues: plan.changes.map { ($0.id, $0.to) })
        for after in org.snapshot() {
            let id = after["id"]!.stringValue!
            let original = try #require(before[id])
            if let to = planned[id] {
                #expect(after["config"]?["timeoutSeconds"]?.intValue == to)
                #expect(after["version"]?.intValue == original["version"]!.intValue! + 1)
                #expect(comparable(after) == comparable(original), "only timeoutSeconds may change on \(id)")
            } else {
                #expect(after == original, "an action outside the plan changed: \(id)")
            }
        }
        for (id, text) in templateText {
            #expect(org.template(id, .request) == text, "the URI template of \(id) survived")
            #expect(org.action(id)?["config"]?["request"]?["requestTemplate"]?.stringValue == text)
        }
        // Unknown fields (and their number literals) survive.
        let unknown = org.snapshot().filter { $0["config"]?["retryPolicy"] != nil }
        #expect(!unknown.isEmpty)
        #expect(unknown.allSatisfy { $0["config"]?["retryPolicy"]?["backoffMs"] == .number("250.0") })

        // Running it again changes nothing.
        let again = Planner.raise(try await Scanner(client: client).scan().actions, threshold: 3, to: 60)
        #expect(again.changes.isEmpty)
    }

    @Test func backupIsWrittenFirstAs0600AndRollbackRestoresExactly() async throws {
        let org = makeOrg(actions: 90, seed: 5)
        let original = org.snapshot()
        let client = makeClient(org)
        let dir = tempDir() + "/new-backup-folder"  // created by the store, so it gets 0700
        let store = BackupStore(directory: dir)
        let plan = Planner.raise(try await Scanner(client: client).scan().actions, threshold: 5, to: 45)
        let report = try await Applier(client: client, store: store).apply(plan, resolver: ConflictPolicy.fail)
        let path = try #require(report.backupPath)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let dirMode = try FileManager.default.attributesOfItem(atPath: dir)[.posixPermissions] as? Int
        #expect(dirMode == 0o700)

        let backup = try Backup.read(path: path)
        #expect(backup.entries.count == plan.changes.count)
        #expect(backup.entries.allSatisfy { $0.appliedVersion == $0.action.version + 1 })
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains(org.options.clientSecret) && !text.contains("sim-"), "no secret or token in a backup")

        let current = try await Scanner(client: client, options: ScanOptions(includeAuthActions: true)).scan().actions
        let rollback = Planner.rollback(backup, current: current)
        #expect(rollback.changes.count == plan.changes.count)
        #expect(rollback.changes.allSatisfy { $0.note == nil })
        let undone = try await Applier(client: client, store: store).apply(rollback, resolver: ConflictPolicy.fail)
        #expect(undone.applied == plan.changes.count)
        let originalByID = Dictionary(uniqueKeysWithValues: original.map { ($0["id"]!.stringValue!, $0) })
        for now in org.snapshot() {
            let before = try #require(originalByID[now["id"]!.stringValue!])
            // Timeouts are back exactly, unset included (the key is absent again).
            #expect(now["config"]?.objectValue?["timeoutSeconds"] == before["config"]?.objectValue?["timeoutSeconds"])
            #expect(comparable(now) == comparable(before))
        }
    }

    @Test func conflictsAreReappliedOnTopOfTheLatestVersion() async throws {
        let org = makeOrg(actions: 80, seed: 9) { $0.concurrentEditRate = 1 }
        let client = makeClient(org)
        let plan = Planner.raise(try await Scanner(client: client).scan().actions, threshold: 3, to: 60)
        let resolver = RecordingResolver(.reapply)
        let report = try await Applier(client: client, store: BackupStore(directory: tempDir())).apply(plan, resolver: resolver)
        #expect(resolver.conflicts.count == plan.changes.count)
        #expect(report.applied == plan.changes.count)
        for change in plan.changes {
            let stored = try #require(org.action(change.id))
            #expect(stored["config"]?["timeoutSeconds"]?.intValue == change.to)
            #expect(stored["name"]?.stringValue?.hasSuffix("(edited)") == true, "the other editor's rename is kept")
            #expect(stored["version"]?.intValue == change.target.action.version + 2)
        }
    }

    @Test func conflictsCanBeSkippedOrLeftAndNothingIsOverwritten() async throws {
        for decision in [ConflictDecision.skip, .leave, .cancelRemaining] {
            let org = makeOrg(actions: 60, seed: 2) { $0.concurrentEditRate = 1 }
            let client = makeClient(org)
            let plan = Planner.raise(try await Scanner(client: client).scan().actions, threshold: 3, to: 60)
            let report = try await Applier(client: client, store: BackupStore(directory: tempDir()), concurrency: 1)
                .apply(plan, resolver: RecordingResolver(decision))
            #expect(report.applied == 0)
            for change in plan.changes {
                #expect(org.action(change.id)?["config"]?["timeoutSeconds"]?.intValue == change.from)
            }
            switch decision {
            case .skip: #expect(report.skipped == plan.changes.count && !report.isPartial)
            case .leave: #expect(report.conflicts == plan.changes.count && report.isPartial)
            default: #expect(report.conflicts == 1 && report.cancelled == plan.changes.count - 1)
            }
        }
    }

    @Test func aConflictWhereTheServerIsAlreadyHighEnoughNeedsNoDecision() async throws {
        let org = makeOrg(actions: 40, seed: 4)
        let client = makeClient(org)
        let plan = Planner.raise(try await Scanner(client: client).scan().actions, threshold: 3, to: 30)
        let first = try #require(plan.changes.first)
        org.editBehindTheToolsBack(first.id, timeoutSeconds: .some(45))
        let resolver = RecordingResolver(.leave)
        let report = try await Applier(client: client, store: BackupStore(directory: tempDir())).apply(plan, resolver: resolver)
        #expect(resolver.conflicts.isEmpty)
        #expect(org.action(first.id)?["config"]?["timeoutSeconds"]?.intValue == 45, "a raise never lowers")
        #expect(report.skipped == 1 && report.applied == plan.changes.count - 1)
    }

    @Test func rollbackFlagsActionsChangedSinceOurWrite() async throws {
        let org = makeOrg(actions: 40, seed: 8)
        let client = makeClient(org)
        let store = BackupStore(directory: tempDir())
        let plan = Planner.raise(try await Scanner(client: client).scan().actions, threshold: 3, to: 60)
        let report = try await Applier(client: client, store: store).apply(plan, resolver: ConflictPolicy.fail)
        let touched = try #require(plan.changes.first?.id)
        org.editBehindTheToolsBack(touched)
        let backup = try Backup.read(path: try #require(report.backupPath))
        let rollback = Planner.rollback(backup, current: try await Scanner(client: client).scan().actions)
        #expect(rollback.changes.first { $0.id == touched }?.note?.contains("someone else") == true)
        #expect(rollback.changes.filter { $0.note != nil }.count == 1)
    }

    @Test func customAuthAndStaticActionsAreNeverWritten() async throws {
        let org = makeOrg(actions: 50)
        let client = makeClient(org)
        let all = try await Scanner(client: client, options: ScanOptions(includeAuthActions: true)).scan().actions
        #expect(all.contains { $0.kind == .customAuth } && all.contains { $0.kind == .staticAction })
        let plan = Planner.raise(all, threshold: 60, to: 60, only: Set(all.map(\.id)))
        #expect(!plan.changes.contains { !$0.target.isWritable })
        _ = try await Applier(client: client, store: BackupStore(directory: tempDir())).apply(plan, resolver: ConflictPolicy.fail)
        #expect(org.requestCounts()["PATCH action"] == plan.changes.count)
        for action in all where !action.isWritable {
            #expect(org.action(action.id) == action.action.raw)
        }
    }
}

@Suite struct BackupFileTests {
    func write(_ text: String) -> String {
        let path = tempDir() + "/b.json"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test func refusesMissingTruncatedForeignAndOutOfRangeFiles() throws {
        let valid = Backup(org: "o", purpose: "raise", entries: [Backup.Entry(
            id: "a", timeoutSeconds: 3, plannedTimeoutSeconds: 60, appliedVersion: 2,
            action: try Action(raw: ["id": "a", "version": 1]), templates: [:])]).json.pretty
        #expect(try Backup.read(path: write(valid)).entries.first?.timeoutSeconds == 3)
        let cases: [(String, String)] = [
            (String(valid.prefix(valid.count / 2)), "truncated"),
            ("", "empty"),
            (#"{"hello": "world"}"#, "not a gc-timeouts backup"),
            (valid.replacingOccurrences(of: #""timeoutSeconds": 3"#, with: #""timeoutSeconds": 61"#), "invalid timeoutSeconds"),
            (valid.replacingOccurrences(of: #""formatVersion": 1"#, with: #""formatVersion": 9"#), "format version"),
        ]
        for (text, reason) in cases {
            #expect(throws: BackupError.self) { try Backup.read(path: write(text)) }
            do { _ = try Backup.read(path: write(text)) } catch { #expect(error.description.contains(reason)) }
        }
        do { _ = try Backup.read(path: "/nonexistent/b.json") } catch { #expect(error.description.contains("no such file")) }
    }
}
