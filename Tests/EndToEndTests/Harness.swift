import Foundation
import GenesysCloud

// MARK: - The built binary

/// The `gc-timeouts` binary built beside this test bundle (or `$GC_TIMEOUTS_BIN`).
let binary: String = {
    if let path = ProcessInfo.processInfo.environment["GC_TIMEOUTS_BIN"] { return path }
    let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var dir = me.deletingLastPathComponent()
    // Inside an .xctest bundle on some layouts the binary sits beside the bundle.
    while dir.lastPathComponent.hasSuffix(".xctest") || dir.lastPathComponent == "MacOS" { dir.deleteLastPathComponent() }
    return dir.appendingPathComponent("gc-timeouts").path
}()

struct RunResult {
    let code: Int32
    let stdout: String
    let stderr: String
    var all: String { stdout + stderr }
}

/// Runs the binary (or `program`) to completion with exactly `env` (plus PATH/HOME) and no stdin.
func run(program: String = binary, _ args: [String], env: [String: String] = [:]) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = args
    var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                       "HOME": NSTemporaryDirectory()]
    environment.merge(env) { $1 }
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data(), errData = Data()
    DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
    DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
    process.waitUntilExit()
    group.wait()
    return RunResult(code: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
}

// MARK: - A simulated org over HTTP

/// `gc-timeouts simulate` on a free loopback port, stopped when released.
final class SimulatorProcess: @unchecked Sendable {
    let process = Process()
    let url: String
    let clientID = "e2e-client"
    let secret = "e2e-Secret-\(UUID().uuidString)"

    init(_ extra: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["simulate", "--port", "0", "--client-id", clientID, "--client-secret", secret] + extra
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line of stdout is the base URL.
        var line = Data()
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        url = String(decoding: line, as: UTF8.self)
    }

    deinit {
        process.terminate()
        // Never hang a test run on a simulator that ignores SIGTERM.
        for _ in 0..<20 where process.isRunning { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Environment for the binary to talk to this org.
    var env: [String: String] {
        ["GENESYSCLOUD_REGION": url, "GENESYSCLOUD_OAUTHCLIENT_ID": clientID, "GENESYSCLOUD_OAUTHCLIENT_SECRET": secret]
    }

    /// The server's stored state: actions (auth and static included), URI templates, function timeouts.
    func state() async throws -> JSON {
        let response = try await URLSessionTransport().send(HTTPRequest(method: "GET", url: URL(string: url + "/__sim/state")!))
        return try JSON.parse(response.body)
    }

    func actions() async throws -> [String: JSON] {
        let list = try await state()["actions"]?.arrayValue ?? []
        return Dictionary(uniqueKeysWithValues: list.map { ($0["id"]!.stringValue!, $0) })
    }
}

/// A stored action without what a timeout change may touch: timeout, version, and inline copies of URI templates.
func comparable(_ action: JSON) -> JSON {
    var a = action
    a["version"] = nil
    if var config = a["config"] {
        config["timeoutSeconds"] = nil
        if config["request"]?["requestTemplateUri"] != nil { config["request"]?["requestTemplate"] = nil }
        if config["response"]?["successTemplateUri"] != nil { config["response"]?["successTemplate"] = nil }
        a["config"] = config
    }
    return a
}

func tempDir() -> String {
    let dir = NSTemporaryDirectory() + "gc-e2e-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}
