import GenesysCloud

// MARK: - Plan

/// One intended change: an action as read, and the timeout it should get (nil: unset it).
public struct Change: Sendable, Identifiable, Equatable {
    public var target: ScannedAction
    public let to: Int?
    /// Why the value differs from what was asked (e.g. capped by the function timeout).
    public let note: String?

    public init(target: ScannedAction, to: Int?, note: String? = nil) {
        self.target = target
        self.to = to
        self.note = note
    }

    public var id: String { target.id }
    public var from: Int? { target.timeoutSeconds }
}

/// Why an action was left alone.
public enum SkipReason: Sendable, Equatable, CustomStringConvertible {
    case customAuth
    case staticAction
    case alreadyAtOrAbove(current: Int?, target: Int)
    case functionCapped(functionSeconds: Int)
    case alreadyAtOriginal(Int?)
    case notFound
    case serverAlreadyAtOrAbove(current: Int?, target: Int)
    /// A conflict the user (or `--on-conflict skip`) chose to leave as the server has it.
    case conflictSkipped(serverVersion: Int, serverTimeout: Int?)

    public var description: String {
        switch self {
        case .customAuth: "custom authentication action: Genesys forbids a timeout on it"
        case .staticAction: "static built-in action: read-only through the API"
        case .alreadyAtOrAbove(let current, let target):
            "already \(describeTimeout(current)) s, at or above \(target) s (a raise never lowers)"
        case .functionCapped(let fn):
            "function-capped: its function stops at \(fn) s, so a longer action timeout buys nothing"
        case .alreadyAtOriginal(let t): "already at its backed-up timeout \(describeTimeout(t))"
        case .notFound: "no longer exists on the server"
        case .serverAlreadyAtOrAbove(let current, let target):
            "changed on the server meanwhile and is already \(describeTimeout(current)) s, at or above \(target) s"
        case .conflictSkipped(let version, let timeout):
            "changed on the server (now version \(version), timeout \(describeTimeout(timeout)) s); left as it is"
        }
    }
}

/// An action that was left alone, and why.
public struct Skip: Sendable, Equatable {
    public let target: ScannedAction
    public let reason: SkipReason
}

/// What a command will do: the changes, and what it leaves alone and why. A value, rendered many ways.
public struct Plan: Sendable {
    public enum Purpose: String, Sendable { case raise, rollback, edit }

    public var purpose: Purpose
    public var changes: [Change]
    public var skipped: [Skip]
    /// Actions that matched but are above the threshold (not listed one by one).
    public var aboveThreshold: Int
    public var threshold: Int?

    public init(purpose: Purpose, changes: [Change], skipped: [Skip], aboveThreshold: Int = 0, threshold: Int? = nil) {
        self.purpose = purpose
        self.changes = changes
        self.skipped = skipped
        self.aboveThreshold = aboveThreshold
        self.threshold = threshold
    }

    public var isEmpty: Bool { changes.isEmpty }
}

// MARK: - Planning

/// Builds plans; never touches the network.
public enum Planner {
    /// Raises every matching action at or below `threshold` to `target`; never lowers, caps at the function timeout.
    public static func raise(_ actions: [ScannedAction], threshold: Int, to target: Int, filter: String = "",
                             only ids: Set<String>? = nil) -> Plan
    {
        var changes: [Change] = [], skipped: [Skip] = [], above = 0
        for action in actions where action.matches(filter) && (ids.map { $0.contains(action.id) } ?? true) {
            // An explicit selection (TUI, ids) is raised whatever the threshold says.
            if ids == nil, !action.atOrBelow(threshold: threshold) { above += 1; continue }
            if let change = raiseOne(action, to: target, skipped: &skipped) { changes.append(change) }
        }
        return Plan(purpose: .raise, changes: changes, skipped: skipped, aboveThreshold: above, threshold: threshold)
    }

    /// Sets one action to `seconds` (the TUI's edit dialog): may lower, refuses unwritable kinds.
    public static func edit(_ action: ScannedAction, to seconds: Int) -> Plan {
        switch action.kind {
        case .customAuth: return Plan(purpose: .edit, changes: [], skipped: [Skip(target: action, reason: .customAuth)])
        case .staticAction: return Plan(purpose: .edit, changes: [], skipped: [Skip(target: action, reason: .staticAction)])
        case .webService, .function:
            if action.timeoutSeconds == seconds {
                return Plan(purpose: .edit, changes: [],
                            skipped: [Skip(target: action, reason: .alreadyAtOrAbove(current: seconds, target: seconds))])
            }
            return Plan(purpose: .edit, changes: [Change(target: action, to: seconds)], skipped: [])
        }
    }

    static func raiseOne(_ action: ScannedAction, to target: Int, skipped: inout [Skip]) -> Change? {
        switch action.kind {
        case .customAuth: skipped.append(Skip(target: action, reason: .customAuth)); return nil
        case .staticAction: skipped.append(Skip(target: action, reason: .staticAction)); return nil
        case .webService, .function: break
        }
        var to = target, note: String?
        if let fn = action.functionTimeoutSeconds, to > fn {
            guard action.effectiveTimeoutSeconds < fn else {
                skipped.append(Skip(target: action, reason: .functionCapped(functionSeconds: fn)))
                return nil
            }
            to = fn
            note = "capped at the function timeout (\(fn) s)"
        }
        guard to > action.effectiveTimeoutSeconds else {
            skipped.append(Skip(target: action, reason: .alreadyAtOrAbove(current: action.timeoutSeconds, target: to)))
            return nil
        }
        return Change(target: action, to: to, note: note)
    }

    /// Restores every action in `backup` to its backed-up timeout (unset included), reading the current state.
    public static func rollback(_ backup: Backup, current: [ScannedAction]) -> Plan {
        let byID = Dictionary(current.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var changes: [Change] = [], skipped: [Skip] = []
        for entry in backup.entries {
            guard let now = byID[entry.id] else {
                skipped.append(Skip(target: ScannedAction(unscanned: entry.action), reason: .notFound))
                continue
            }
            if now.timeoutSeconds == entry.timeoutSeconds {
                skipped.append(Skip(target: now, reason: .alreadyAtOriginal(entry.timeoutSeconds)))
                continue
            }
            // A version other than the one our write produced means someone else changed it since.
            let note = entry.appliedVersion.map { $0 == now.action.version ? nil : "changed by someone else since the backup (version \($0) → \(now.action.version))" } ?? nil
            changes.append(Change(target: now, to: entry.timeoutSeconds, note: note))
        }
        return Plan(purpose: .rollback, changes: changes, skipped: skipped)
    }
}
