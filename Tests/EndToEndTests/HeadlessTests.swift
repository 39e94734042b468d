import Foundation
import GenesysCloud
import Testing

@Suite(.serialized) struct HeadlessTests {
    @Test func scanRaiseAndRollbackAgainstTheSimulator() async throws {
        let sim = try SimulatorProcess(["--actions", "300", "--seed", "21"])
        let original = try await sim.actions()
        let functionTimeouts = try await sim.state()["functionTimeouts"]?.objectValue
        let backups = tempDir()
        let env = sim.env.merging(["GC_TIMEOUTS_BACKUP_DIR": backups]) { $1 }

        // scan: every listable action, exit 3 because some are low.
        let scan = try run(["scan", "--format", "json"], env: env)
        #expect(scan.code == 3, "\(scan.stderr)")
        let listed = try #require(try JSON.parse(scan.stdout).arrayValue)
        #expect(listed.count == original.values.filter { !$0["id"]!.stringValue!.hasPrefix("customAuth_-_") }.count)
        for row in listed {
            let stored = try #require(original[row["id"]!.stringValue!])
            #expect(row["timeoutSeconds"] == (stored["config"]?["timeoutSeconds"] ?? .null))
            #expect(row["effectiveTimeoutSeconds"]?.intValue == stored["config"]?["timeoutSeconds"]?.intValue ?? 60)
        }

        // raise without --apply: a plan, exit 3, nothing written.
        let dry = try run(["raise"], env: env)
        #expect(dry.code == 3)
        #expect(dry.stdout.contains("Dry run"))
        #expect(try await sim.actions() == original)

        // raise --apply.
        let raise = try run(["raise", "--apply"], env: env)
        #expect(raise.code == 0, "\(raise.all)")
        let after = try await sim.actions()
        var raised = 0
        for (id, before) in original {
            let now = try #require(after[id])
            let kind = listed.first { $0["id"]?.stringValue == id }?["kind"]?.stringValue
            let timeout = before["config"]?["timeoutSeconds"]?.intValue
            let writable = kind == "web-service" || kind == "function"
            if writable, let timeout, timeout <= 3 {
                let cap = functionTimeouts?[id]?.intValue ?? (kind == "function" ? 15 : 60)
                if timeout < cap {
                    #expect(now["config"]?["timeoutSeconds"]?.intValue == min(60, cap), "\(id) at its target")
                    #expect(now["version"]?.intValue == before["version"]!.intValue! + 1)
                    raised += 1
                    #expect(comparable(now) == comparable(before), "nothing but the timeout changed on \(id)")
                    continue
                }
            }
            #expect(now == before, "\(id) was not in the plan and must be untouched")
        }
        #expect(raised > 30)
        #expect(raise.stdout.contains("raised \(raised) of \(raised)"))
        let backupPath = try #require(raise.stdout.split(separator: " ").last.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) })
        let mode = try FileManager.default.attributesOfItem(atPath: backupPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        // Twice changes nothing.
        let again = try run(["raise", "--apply"], env: env)
        #expect(again.code == 0)
        #expect(try await sim.actions() == after)

        // rollback: a plan first, then back to the original exactly.
        #expect(try run(["rollback", backupPath], env: env).code == 3)
        let rollback = try run(["rollback", backupPath, "--apply"], env: env)
        #expect(rollback.code == 0, "\(rollback.all)")
        let restored = try await sim.actions()
        for (id, before) in original {
            let now = try #require(restored[id])
            #expect(now["config"]?.objectValue?["timeoutSeconds"] == before["config"]?.objectValue?["timeoutSeconds"])
            #expect(comparable(now) == comparable(before))
        }
        #expect(try run(["rollback", backupPath, "--apply"], env: env).code == 0)
        #expect(try await sim.actions() == restored)
        let everything = [scan, dry, raise, again, rollback].map(\.all).joined()
        #expect(!everything.contains(sim.secret), "the client secret never appears in output")
    }

    @Test func badInputIsOneLineExitTwoAndWritesNothing() async throws {
        let sim = try SimulatorProcess(["--actions", "40"])
        let original = try await sim.actions()
        let dir = tempDir()
        let truncated = dir + "/truncated.json", foreign = dir + "/foreign.json"
        try #"{"format": "gc-timeouts-backup", "formatVersion": 1, "entries": [{"id""#.write(toFile: truncated, atomically: true, encoding: .utf8)
        try #"{"name": "some other tool"}"#.write(toFile: foreign, atomically: true, encoding: .utf8)
        let cases: [[String]] = [
            ["raise", "--to", "0", "--apply"], ["raise", "--to", "61", "--apply"], ["raise", "--to", "-5", "--apply"],
            ["raise", "--to", "abc", "--apply"], ["raise", "--to", "10.5", "--apply"], ["raise", "--threshold", "0"],
            ["scan", "--format", "xml"], ["scan", "--bogus"], ["frobnicate"], ["raise", "--on-conflict", "maybe"],
            ["rollback"], ["rollback", dir + "/missing.json", "--apply"], ["rollback", truncated, "--apply"],
            ["rollback", foreign, "--apply"], ["scan", "--region", "eu-west-9"], ["scan", "--region", "http://example.com"],
            ["scan", "--concurrency", "0"], ["simulate", "--fault-rate", "2"],
        ]
        for args in cases {
            let result = try run(args, env: sim.env)
            #expect(result.code == 2, "\(args) → \(result.code): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(args) printed to stdout")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("gc-timeouts: error: "), "\(args): \(result.stderr)")
        }
        #expect(try run(["scan", "--region", "eu-west-9"], env: sim.env).stderr.contains("us-east-1"))
        #expect(try await sim.actions() == original)
    }

    @Test func credentialProblemsAreOneLineExitOneWithoutSecrets() async throws {
        let sim = try SimulatorProcess(["--actions", "20"])
        let missing = try run(["scan"], env: ["GENESYSCLOUD_REGION": sim.url])
        #expect(missing.code == 1)
        #expect(missing.stderr.contains("GENESYSCLOUD_OAUTHCLIENT_ID") && missing.stderr.contains("GENESYSCLOUD_ACCESS_TOKEN"))
        let wrongSecret = "Wrong-\(UUID().uuidString)"
        let wrong = try run(["scan"], env: sim.env.merging(["GENESYSCLOUD_OAUTHCLIENT_SECRET": wrongSecret]) { $1 })
        #expect(wrong.code == 1)
        #expect(wrong.stderr.contains("credentials rejected") && wrong.stderr.contains("HTTP 401"))
        #expect(!wrong.all.contains(wrongSecret))
        #expect(wrong.stderr.split(separator: "\n").count == 1)
        let token = try run(["scan"], env: ["GENESYSCLOUD_REGION": sim.url, "GENESYSCLOUD_ACCESS_TOKEN": "not-a-real-token"])
        #expect(token.code == 1 && !token.all.contains("not-a-real-token"))
        let readOnly = try run(["raise", "--apply"], env: sim.env.merging([
            "GENESYSCLOUD_OAUTHCLIENT_ID": "gc-timeouts-readonly", "GENESYSCLOUD_OAUTHCLIENT_SECRET": "readonly-secret",
            "GC_TIMEOUTS_BACKUP_DIR": tempDir()]) { $1 })
        #expect(readOnly.code == 4)
        #expect(readOnly.stdout.contains("integrations:action:edit"))
    }

    @Test func conflictPoliciesDecideAndNothingIsOverwrittenSilently() async throws {
        let failing = try SimulatorProcess(["--actions", "60", "--concurrent-edits", "1"])
        let before = try await failing.actions()
        let result = try run(["raise", "--apply", "--on-conflict", "fail"],
                             env: failing.env.merging(["GC_TIMEOUTS_BACKUP_DIR": tempDir()]) { $1 })
        #expect(result.code == 4)
        #expect(result.stdout.contains("CONFLICT"))
        for (id, now) in try await failing.actions() {
            #expect(now["config"]?["timeoutSeconds"] == before[id]?["config"]?["timeoutSeconds"], "\(id) was overwritten")
        }

        let reapplying = try SimulatorProcess(["--actions", "60", "--concurrent-edits", "1"])
        let ok = try run(["raise", "--apply"], env: reapplying.env.merging(["GC_TIMEOUTS_BACKUP_DIR": tempDir()]) { $1 })
        #expect(ok.code == 0, "\(ok.all)")
        let edited = try await reapplying.actions().values.filter { $0["name"]?.stringValue?.hasSuffix("(edited)") == true }
        #expect(!edited.isEmpty)
        #expect(edited.allSatisfy { ($0["config"]?["timeoutSeconds"]?.intValue ?? 0) > 3 }, "reapplied on top of the edit")
    }

    @Test func faultsAndRateLimitsAreRiddenOut() async throws {
        let sim = try SimulatorProcess(["--actions", "60", "--fault-rate", "0.15", "--rate-limit", "25/2s"])
        let before = try await sim.actions()
        let result = try run(["raise", "--apply"], env: sim.env.merging(["GC_TIMEOUTS_BACKUP_DIR": tempDir()]) { $1 })
        #expect(result.code == 0, "\(result.all)")
        #expect(result.stderr.contains("rate limited by Genesys Cloud: waiting"), "a paused run says why on stderr")
        let after = try await sim.actions()
        let changed = after.filter { $0.value != before[$0.key] }
        #expect(!changed.isEmpty)
        for (id, now) in changed {
            #expect(now["version"]?.intValue == before[id]!["version"]!.intValue! + 1, "\(id) written exactly once")
        }
        let stats = try await URLSessionTransport().send(HTTPRequest(method: "GET", url: URL(string: sim.url + "/__sim/stats")!))
        let counts = try JSON.parse(stats.body)
        #expect((counts["fault"]?.intValue ?? 0) > 0, "faults were injected")
    }

    @Test func theOfficialPythonSDKWorksAgainstTheSimulator() throws {
        let sim = try SimulatorProcess(["--actions", "80"])
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/sdk_check.py").standardized.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, sim.url, sim.clientID, sim.secret]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text) (install it with: pip install PureCloudPlatformClientV2)")
        #expect(text.contains("sdk-check: ok"))
    }
}
