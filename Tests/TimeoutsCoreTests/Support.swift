import Foundation
import GenesysCloud
import GenesysSimulator

@testable import TimeoutsCore

func makeOrg(actions: Int = 120, seed: UInt64 = 11, _ tweak: (inout SimulatorOptions) -> Void = { _ in }) -> SimulatedOrg {
    SimulatedOrg(actions: actions, seed: seed, configure: tweak)
}

func makeClient(_ org: SimulatedOrg) -> GenesysClient {
    org.inProcessClient(policy: RetryPolicy(maxAttempts: 10, baseBackoff: .milliseconds(1), maxBackoff: .milliseconds(2)))
}

func tempDir() -> String {
    let dir = NSTemporaryDirectory() + "gc-timeouts-tests-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// A stored action with the fields a timeout change may touch taken out: the timeout, the version,
/// and templates that were carried by URI and are now also sent inline.
func comparable(_ action: JSON, templatesByURI: Bool = true) -> JSON {
    var a = action
    a["version"] = nil
    if var config = a["config"] {
        config["timeoutSeconds"] = nil
        if templatesByURI, config["request"]?["requestTemplateUri"] != nil { config["request"]?["requestTemplate"] = nil }
        if templatesByURI, config["response"]?["successTemplateUri"] != nil { config["response"]?["successTemplate"] = nil }
        a["config"] = config
    }
    return a
}

/// A resolver that records conflicts and answers with a fixed decision.
final class RecordingResolver: ConflictResolver, @unchecked Sendable {
    let decision: ConflictDecision
    private let lock = NSLock()
    private var seen: [Conflict] = []
    init(_ decision: ConflictDecision) { self.decision = decision }
    var conflicts: [Conflict] { lock.withLock { seen } }
    func resolve(_ conflict: Conflict) async -> ConflictDecision {
        lock.withLock { seen.append(conflict) }
        return decision
    }
}
