import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import GenesysCloud
import Testing

// MARK: - tmux

/// The real binary in a detached tmux session on a private socket: send keys, read the screen.
final class TmuxSession: @unchecked Sendable {
    let socket = "gc-e2e-\(UUID().uuidString.prefix(8))"
    let name = "tui"

    init(env: [String: String], args: [String] = [], cols: Int = 120, rows: Int = 40) throws {
        let assignments = (["TERM": "xterm-256color", "LANG": "C.UTF-8"].merging(env) { $1 })
            .map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        let command = "env \(assignments) '\(binary)' \(args.joined(separator: " ")); echo EXITED $?; sleep 30"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", String(cols), "-y", String(rows), command])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Runs a tmux command and returns its stdout. posix_spawn and waitpid directly: Foundation's
    /// Process lost track of children here once tmux had forked its server.
    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let argv = ["tmux", "-L", socket] + args
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw POSIXError(.EIO) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
        // The server tmux starts must not keep our pipe open; it closes fds above 2 as it daemonises.
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        // A clean signal mask: test threads block signals, and tmux and the UI need SIGWINCH and SIGCHLD.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, "tmux", &actions, &attributes, &cArgs, environ)
        close(pipeFDs[1])
        guard rc == 0 else {
            close(pipeFDs[0])
            throw POSIXError(.ENOENT)
        }
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        if args.first == "capture-pane" || args.first == "display-message" {
            while true {
                let n = read(pipeFDs[0], &buffer, buffer.count)
                if n <= 0 { break }
                output += buffer[0..<n]
            }
        }
        close(pipeFDs[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }

    /// Named keys (Enter, Escape, BSpace, Down, Space…).
    func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    /// Literal text.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    /// Waits until the screen shows `text`; returns the screen.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 15) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for “\(text)”; screen:\n\(last)")
        return last
    }
}

// MARK: - Tests

@Suite(.serialized) struct TmuxTests {
    /// A changeable action at or below 3 s with no function cap, from the server's own state.
    func lowWebServiceAction(_ sim: SimulatorProcess) async throws -> JSON {
        let state = try await sim.state()
        let functions = Set(state["functionTimeouts"]?.objectValue?.keys ?? [])
        return try #require(state["actions"]?.arrayValue?.first { a in
            let id = a["id"]!.stringValue!
            return !id.hasPrefix("static") && !id.hasPrefix("customAuth") && !functions.contains(id)
                && (a["config"]?["timeoutSeconds"]?.intValue ?? 60) <= 3
        })
    }

    @Test func editOneActionInTheTUI() async throws {
        let sim = try SimulatorProcess(["--actions", "80", "--seed", "5"])
        let before = try await sim.actions()
        let target = try await lowWebServiceAction(sim)
        let id = target["id"]!.stringValue!
        let tui = try TmuxSession(env: sim.env.merging(["GC_TIMEOUTS_BACKUP_DIR": tempDir()]) { $1 })
        try await tui.waitFor("Loaded")
        try tui.keys("/")
        try tui.type(id)
        try tui.keys("Enter")
        try await tui.waitFor("1 shown")
        try tui.keys("e")
        try await tui.waitFor("Edit timeout")
        try tui.keys("BSpace", "BSpace", "BSpace")
        try tui.type("75")
        try await tui.waitFor("must be from 1 to 60")
        try tui.keys("Enter")  // refused: the dialog stays
        try tui.keys("BSpace", "BSpace")
        try tui.type("17")
        try tui.keys("Enter")
        try await tui.waitFor("Saved")
        try tui.keys("q")
        try await tui.waitFor("EXITED 0")

        let after = try await sim.actions()
        let changed = try #require(after[id])
        #expect(changed["config"]?["timeoutSeconds"]?.intValue == 17)
        #expect(changed["version"]?.intValue == target["version"]!.intValue! + 1)
        #expect(comparable(changed) == comparable(target))
        for (other, action) in before where other != id { #expect(after[other] == action, "\(other) untouched") }
    }

    @Test func bulkRaiseASelectionInTheTUI() async throws {
        let sim = try SimulatorProcess(["--actions", "120", "--seed", "6"])
        let state = try await sim.state()
        let before = try await sim.actions()
        let functions = state["functionTimeouts"]?.objectValue
        let tui = try TmuxSession(env: sim.env.merging(["GC_TIMEOUTS_BACKUP_DIR": tempDir()]) { $1 })
        try await tui.waitFor("Loaded")
        try tui.keys("a")
        try await tui.waitFor("Selected")
        try tui.keys("R")
        try await tui.waitFor("Enter to apply")
        try tui.keys("Enter")
        let summary = try await tui.waitFor("Raised ")
        #expect(summary.contains("0 failure(s)"))
        try tui.keys("Enter", "q")
        try await tui.waitFor("EXITED 0")

        let after = try await sim.actions()
        var raised = 0
        for (id, old) in before {
            let now = try #require(after[id])
            let timeout = old["config"]?["timeoutSeconds"]?.intValue ?? 60
            let writable = !id.hasPrefix("static") && !id.hasPrefix("customAuth")
            let cap = functions?[id].map { $0.intValue ?? 15 } ?? 60
            if writable, timeout <= 3, timeout < cap {
                #expect(now["config"]?["timeoutSeconds"]?.intValue == cap, "\(id) raised to \(cap)")
                #expect(comparable(now) == comparable(old))
                raised += 1
            } else {
                #expect(now == old, "\(id) was not selected and must be untouched")
            }
        }
        #expect(raised > 10)
    }

    @Test func resolveAConflictFromTheConcurrentEditor() async throws {
        let sim = try SimulatorProcess(["--actions", "60", "--seed", "8", "--concurrent-edits", "1"])
        let target = try await lowWebServiceAction(sim)
        let id = target["id"]!.stringValue!
        let tui = try TmuxSession(env: sim.env.merging(["GC_TIMEOUTS_BACKUP_DIR": tempDir()]) { $1 }, cols: 100, rows: 30)
        try await tui.waitFor("Loaded")
        try tui.keys("/")
        try tui.type(id)
        try tui.keys("Enter", "R")
        try await tui.waitFor("Enter to apply")
        try tui.keys("Enter")
        let prompt = try await tui.waitFor("Conflict: changed on the server")
        #expect(prompt.contains("(edited)") && prompt.contains("Your timeout:"))
        try tui.keys("m")
        try await tui.waitFor("Raised 1 of 1")
        try tui.keys("Enter", "q")
        try await tui.waitFor("EXITED 0")

        let now = try #require(try await sim.actions()[id])
        #expect(now["config"]?["timeoutSeconds"]?.intValue == 60, "mine applied on top of the latest version")
        #expect(now["name"]?.stringValue?.hasSuffix("(edited)") == true, "the other editor's change is kept")
        #expect(now["version"]?.intValue == target["version"]!.intValue! + 2)
    }

    @Test func aCrashStillRestoresTheTerminal() async throws {
        let tui = try TmuxSession(env: [:], args: ["--demo"], cols: 100, rows: 30)
        try await tui.waitFor("Loaded")
        let shell = try tui.tmux(["display-message", "-p", "-t", tui.name, "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try run(program: "/usr/bin/pgrep", ["-P", shell]).stdout
        let pid = try #require(children.split(separator: "\n").first.flatMap { Int32($0) })
        kill(pid, SIGSEGV)
        try await tui.waitFor("EXITED 139")
        // Killed without restoring (SIGKILL), tmux still shows the alternate screen with the cursor hidden.
        func flag(_ name: String) throws -> String {
            try tui.tmux(["display-message", "-p", "-t", tui.name, "#{\(name)}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(try flag("alternate_on") == "0", "curses mode ended: back on the normal screen")
        #expect(try flag("cursor_flag") == "1", "the cursor is visible again")
    }

    @Test func tooSmallAndResizeAndNoColor() async throws {
        let tui = try TmuxSession(env: ["NO_COLOR": "1"], args: ["--demo"], cols: 50, rows: 12)
        try await tui.waitFor("Terminal too small")
        try tui.tmux(["resize-window", "-t", tui.name, "-x", "90", "-y", "30"])
        try await tui.waitFor("at or below 3 s")
        try tui.keys("C-c")
        try await tui.waitFor("EXITED 0")
    }
}
