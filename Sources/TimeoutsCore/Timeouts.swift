import GenesysCloud

// MARK: - Timeout values

/// The limits Genesys enforces on `config.timeoutSeconds`.
public enum TimeoutLimits {
    public static let minimum = 1
    public static let maximum = 60
    /// What Genesys uses when an action has no timeout.
    public static let unsetMeans = 60
    /// Function.timeoutSeconds default when unset.
    public static let functionDefault = 15
}

/// Why a timeout typed by a person was refused.
public struct TimeoutInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public let input: String
    public let what: String
    public var description: String {
        "invalid \(what) '\(input)': give a whole number of seconds from \(TimeoutLimits.minimum) to \(TimeoutLimits.maximum)"
    }
}

/// Parses a timeout in seconds; `allowMax` also accepts `max` (60).
public func parseTimeoutSeconds(_ text: String, what: String = "timeout", allowMax: Bool = false) throws(TimeoutInputError)
    -> Int
{
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if allowMax, trimmed.lowercased() == "max" { return TimeoutLimits.maximum }
    guard !trimmed.isEmpty, trimmed.allSatisfy(\.isASCII), let value = Int(trimmed),
        (TimeoutLimits.minimum...TimeoutLimits.maximum).contains(value)
    else { throw TimeoutInputError(input: text, what: what) }
    return value
}

/// `60 (default)` for unset, else the number.
public func describeTimeout(_ seconds: Int?) -> String {
    seconds.map(String.init) ?? "\(TimeoutLimits.unsetMeans) (default)"
}

/// `7 s`, or `60 s (default)` for unset: for sentences.
public func describeSeconds(_ seconds: Int?) -> String {
    seconds.map { "\($0) s" } ?? "\(TimeoutLimits.unsetMeans) s (default)"
}

// MARK: - Kinds

/// What sort of action this is, which decides what may be changed.
public enum ActionKind: String, Sendable, CaseIterable {
    case webService = "web-service"
    case function
    case customAuth = "custom-auth"
    case staticAction = "static"

    public static func classify(id: String, integrationType: String?) -> ActionKind {
        if id.hasPrefix("customAuth_-_") { return .customAuth }
        if id.hasPrefix("static") { return .staticAction }
        if integrationType == "function-data-actions" { return .function }
        return .webService
    }
}

// MARK: - Scanned action

/// An action as read, with what the scan learned about it.
public struct ScannedAction: Sendable, Identifiable, Equatable {
    public var action: Action
    public let kind: ActionKind
    public let integrationName: String
    /// The function's own timeout (function actions only; 15 when the function leaves it unset).
    public let functionTimeoutSeconds: Int?

    /// Lower-cased name, category, integration and id, for fast substring filtering.
    public private(set) var searchKey: [UInt8]

    public init(action: Action, kind: ActionKind, integrationName: String, functionTimeoutSeconds: Int?) {
        self.action = action
        self.kind = kind
        self.integrationName = integrationName
        self.functionTimeoutSeconds = functionTimeoutSeconds
        searchKey = Self.makeSearchKey(action, integrationName)
    }

    /// An action read without the scan's integration and function lookups (rollback needs neither).
    public init(unscanned action: Action) {
        self.init(action: action, kind: ActionKind.classify(id: action.id, integrationType: nil),
                  integrationName: action.category, functionTimeoutSeconds: nil)
    }

    static func makeSearchKey(_ action: Action, _ integrationName: String) -> [UInt8] {
        Array([action.name, action.category, integrationName, action.id].joined(separator: "\u{0}").lowercased().utf8)
    }

    public var id: String { action.id }
    public var name: String { action.name }
    public var timeoutSeconds: Int? { action.timeoutSeconds }
    /// What Genesys enforces on the action: the timeout, or 60 when unset.
    public var effectiveTimeoutSeconds: Int { action.timeoutSeconds ?? TimeoutLimits.unsetMeans }
    /// True when the function stops before the action timeout would: raising buys nothing.
    public var timeoutIneffective: Bool {
        functionTimeoutSeconds.map { effectiveTimeoutSeconds > $0 } ?? false
    }
    /// Custom-auth and static actions are never changed.
    public var isWritable: Bool { kind == .webService || kind == .function }

    public func atOrBelow(threshold: Int) -> Bool { effectiveTimeoutSeconds <= threshold }

    /// Case-insensitive substring match over name, category, integration and id.
    public func matches(_ filter: String) -> Bool { matches(FilterNeedle(filter)) }

    /// The same match with the filter prepared once (the TUI filters tens of thousands per keystroke).
    public func matches(_ needle: FilterNeedle) -> Bool {
        let n = needle.bytes
        if n.isEmpty { return true }
        let h = searchKey
        guard h.count >= n.count else { return false }
        let first = n[0]
        var i = 0
        let last = h.count - n.count
        while i <= last {
            if h[i] == first {
                var k = 1
                while k < n.count, h[i + k] == n[k] { k += 1 }
                if k == n.count { return true }
            }
            i += 1
        }
        return false
    }

    /// The same action with a newer server copy.
    public func updated(with action: Action) -> ScannedAction {
        var copy = self
        copy.action = action
        copy.searchKey = Self.makeSearchKey(action, integrationName)
        return copy
    }
}

/// A filter text prepared for matching: lower-cased UTF-8.
public struct FilterNeedle: Sendable, Equatable {
    public let bytes: [UInt8]
    public init(_ text: String) { bytes = Array(text.lowercased().utf8) }
}
