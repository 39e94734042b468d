import Foundation
import GenesysCloud
import Synchronization

// MARK: - Conflicts

/// The server's action changed since it was read: what we planned, and what is there now.
public struct Conflict: Sendable {
    public let change: Change
    public let current: ScannedAction
    public init(change: Change, current: ScannedAction) {
        self.change = change
        self.current = current
    }
}

/// What to do about one conflict.
public enum ConflictDecision: Sendable, Equatable {
    /// Apply our timeout on top of the server's latest version.
    case reapply
    /// Leave this action as the server has it.
    case skip
    /// Leave it unresolved (counts as a conflict).
    case leave
    /// Leave it, and do not start any change not yet started.
    case cancelRemaining
}

/// Decides conflicts: a fixed policy headless, a prompt in the TUI.
public protocol ConflictResolver: Sendable {
    func resolve(_ conflict: Conflict) async -> ConflictDecision
}

/// `--on-conflict reapply|skip|fail`.
public enum ConflictPolicy: String, Sendable, CaseIterable, ConflictResolver {
    case reapply, skip, fail
    public func resolve(_ conflict: Conflict) async -> ConflictDecision {
        switch self {
        case .reapply: .reapply
        case .skip: .skip
        case .fail: .leave
        }
    }
}

// MARK: - Results

/// How one change ended.
public enum ChangeOutcome: Sendable {
    case applied(ScannedAction)
    case skipped(SkipReason)
    case conflict(Conflict)
    case failed(String)
    case cancelled
}

/// One change and how it ended.
public struct ChangeResult: Sendable {
    public let change: Change
    public let outcome: ChangeOutcome
    public init(change: Change, outcome: ChangeOutcome) {
        self.change = change
        self.outcome = outcome
    }
}

/// What an apply did.
public struct ApplyReport: Sendable {
    public var results: [ChangeResult]
    public var backupPath: String?
    public var warnings: [String]

    public init(results: [ChangeResult], backupPath: String?, warnings: [String]) {
        self.results = results
        self.backupPath = backupPath
        self.warnings = warnings
    }

    public var applied: Int { results.filter { if case .applied = $0.outcome { true } else { false } }.count }
    public var skipped: Int { results.filter { if case .skipped = $0.outcome { true } else { false } }.count }
    public var conflicts: Int { results.filter { if case .conflict = $0.outcome { true } else { false } }.count }
    public var failed: Int { results.filter { if case .failed = $0.outcome { true } else { false } }.count }
    public var cancelled: Int { results.filter { if case .cancelled = $0.outcome { true } else { false } }.count }
    /// True when something was left undone that the user asked for.
    public var isPartial: Bool { conflicts + failed + cancelled > 0 }
}

/// Progress of an apply, as it happens.
public enum ApplyEvent: Sendable {
    case backupWritten(String)
    case finished(ChangeResult, done: Int, total: Int)
}

// MARK: - Applier

/// Commits a plan: fetches templates carried by URI, backs up, then writes with optimistic locking.
public struct Applier: Sendable {
    public let client: GenesysClient
    public let store: BackupStore
    public let concurrency: Int

    public init(client: GenesysClient, store: BackupStore, concurrency: Int = 4) {
        self.client = client
        self.store = store
        self.concurrency = max(1, concurrency)
    }

    /// Applies `plan`; throws only when the backup cannot be written, before any change is made.
    public func apply(_ plan: Plan, resolver: some ConflictResolver,
                      onEvent: @escaping @Sendable (ApplyEvent) -> Void = { _ in }) async throws(BackupError)
        -> ApplyReport
    {
        guard !plan.changes.isEmpty else { return ApplyReport(results: [], backupPath: nil, warnings: []) }
        // 1. Templates carried only by URI: read them now, or the write would lose them.
        let client = self.client
        let prepared = await concurrentMap(plan.changes.map(\.target.action), limit: concurrency) { action in
            await Self.templates(for: action, client: client)
        }

        // 2. Back up every action about to change, before the first write.
        let path = store.newPath(purpose: plan.purpose.rawValue)
        var backup = Backup(org: client.endpoint.label, purpose: plan.purpose.rawValue, entries: [])
        for (change, templates) in zip(plan.changes, prepared) {
            guard case .success(let t) = templates else { continue }
            backup.entries.append(Backup.Entry(
                id: change.id, timeoutSeconds: change.from, plannedTimeoutSeconds: change.to, appliedVersion: nil,
                action: change.target.action,
                templates: Dictionary(uniqueKeysWithValues: t.map { ($0.key.rawValue, $0.value) })))
        }
        try store.write(backup, to: path)
        onEvent(.backupWritten(path))

        // 3. Write, at most `concurrency` at a time.
        let cancel = CancelFlag()
        let total = plan.changes.count
        var done = 0
        let finished = await concurrentMap(Array(zip(plan.changes, prepared)), limit: concurrency) { change, templates in
            if cancel.isSet { return ChangeResult(change: change, outcome: .cancelled) }
            switch templates {
            case .failure(let error):
                return ChangeResult(change: change, outcome: .failed(
                    "not changed: a template carried by URI could not be read, and writing without it would lose it: \(error)"))
            case .success(let t):
                let outcome = await write(change, templates: t, purpose: plan.purpose, resolver: resolver, cancel: cancel)
                return ChangeResult(change: change, outcome: outcome)
            }
        } onResult: { _, result in
            done += 1
            onEvent(.finished(result, done: done, total: total))
        }

        // 4. Record the versions our writes produced, so a rollback can tell later edits apart.
        var warnings: [String] = []
        let appliedVersions = Dictionary(finished.compactMap { r -> (String, Int)? in
            if case .applied(let a) = r.outcome { return (a.id, a.action.version) } else { return nil }
        }, uniquingKeysWith: { a, _ in a })
        for i in backup.entries.indices { backup.entries[i].appliedVersion = appliedVersions[backup.entries[i].id] }
        do { try store.write(backup, to: path) } catch {
            warnings.append("the backup was written before any change, but the applied versions could not be added to it: \(error)")
        }
        return ApplyReport(results: finished, backupPath: path, warnings: warnings)
    }

    // MARK: One change

    private func write(_ change: Change, templates: [TemplateFile: String], purpose: Plan.Purpose,
                       resolver: some ConflictResolver, cancel: CancelFlag) async -> ChangeOutcome
    {
        var base = change.target
        var templates = templates
        for _ in 0..<3 {
            let raw = base.action.raw
            guard let config = Self.config(raw, timeoutSeconds: change.to, templates: templates) else {
                return .failed("the server sent this action without its config; not changed")
            }
            do {
                let updated = try await client.updateAction(id: base.id, name: raw["name"]?.stringValue,
                                                            category: raw["category"]?.stringValue,
                                                            version: base.action.version, config: config)
                return .applied(base.updated(with: updated))
            } catch .versionConflict {
                let current: ScannedAction
                do {
                    current = base.updated(with: try await client.action(id: base.id))
                } catch .notFound {
                    return .skipped(.notFound)
                } catch {
                    return .failed("version conflict, and the current action could not be read: \(error)")
                }
                if let skip = Self.alreadyDone(purpose: purpose, current: current, target: change.to) { return .skipped(skip) }
                let conflict = Conflict(change: change, current: current)
                switch await resolver.resolve(conflict) {
                case .reapply:
                    switch await Self.templates(for: current.action, client: client) {
                    case .success(let t): templates = t
                    case .failure(let error): return .failed("could not read the latest templates: \(error)")
                    }
                    base = current
                case .skip:
                    return .skipped(.conflictSkipped(serverVersion: current.action.version, serverTimeout: current.timeoutSeconds))
                case .leave: return .conflict(conflict)
                case .cancelRemaining:
                    cancel.set()
                    return .conflict(conflict)
                }
            } catch {
                return .failed(error.description)
            }
        }
        return .failed("the action kept changing on the server; gave up after 3 attempts")
    }

    /// A conflict that needs no decision: the server already has what we wanted.
    static func alreadyDone(purpose: Plan.Purpose, current: ScannedAction, target: Int?) -> SkipReason? {
        switch purpose {
        case .raise:
            if let target, current.effectiveTimeoutSeconds >= target {
                return .serverAlreadyAtOrAbove(current: current.timeoutSeconds, target: target)
            }
        case .rollback:
            if current.timeoutSeconds == target { return .alreadyAtOriginal(target) }
        case .edit:
            if current.timeoutSeconds == target, let target {
                return .serverAlreadyAtOrAbove(current: current.timeoutSeconds, target: target)
            }
        }
        return nil
    }

    /// The action's config with only `timeoutSeconds` changed, and URI-only templates sent inline.
    public static func config(_ raw: JSON, timeoutSeconds: Int?, templates: [TemplateFile: String]) -> JSON? {
        guard var config = raw["config"], config.objectValue != nil else { return nil }
        config["timeoutSeconds"] = timeoutSeconds.map(JSON.int)
        if let text = templates[.request], config["request"]?["requestTemplate"] == nil, var request = config["request"] {
            request["requestTemplate"] = .string(text)
            config["request"] = request
        }
        if let text = templates[.success], config["response"]?["successTemplate"] == nil, var response = config["response"] {
            response["successTemplate"] = .string(text)
            config["response"] = response
        }
        return config
    }

    /// Reads the templates `action` carries by URI only.
    static func templates(for action: Action, client: GenesysClient) async -> Result<[TemplateFile: String], GenesysError> {
        var out: [TemplateFile: String] = [:]
        let config = action.config
        let request = config?["request"], response = config?["response"]
        do throws(GenesysError) {
            if request?["requestTemplate"] == nil, request?["requestTemplateUri"] != nil {
                out[.request] = try await client.template(actionID: action.id, file: .request)
            }
            if response?["successTemplate"] == nil, response?["successTemplateUri"] != nil {
                out[.success] = try await client.template(actionID: action.id, file: .success)
            }
        } catch {
            return .failure(error)
        }
        return .success(out)
    }
}
