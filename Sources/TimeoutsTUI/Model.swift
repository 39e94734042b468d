import GenesysCloud
import TimeoutsCore

// MARK: - Keys

/// A key press, independent of the terminal library.
public enum Key: Sendable, Hashable {
    case up, down, pageUp, pageDown, home, end, enter, escape, backspace, tab, ctrlC
    case char(Character)
}

// MARK: - Rows

/// What is happening to one action in this session.
public enum RowStatus: Sendable, Equatable {
    case applying
    case applied
    case failed(String)
    case conflict
    case skipped(String)
}

/// Sort orders, cycled with `s`.
public enum SortKey: String, Sendable, CaseIterable {
    case name, timeout, category
    var next: SortKey { Self.allCases[(Self.allCases.firstIndex(of: self)! + 1) % Self.allCases.count] }
}

// MARK: - Dialogs

/// A dialog text field with validation as you type.
public struct TimeoutInput: Sendable, Equatable {
    public var text: String
    public init(text: String = "") { self.text = text }
    /// The value, when the text is a whole number from 1 to 60.
    public var value: Int? { try? parseTimeoutSeconds(text) }
    /// Why commit is disabled, or nil.
    public var problem: String? {
        if text.isEmpty { return "type a whole number of seconds, 1 to 60" }
        if !text.allSatisfy(\.isNumber) || Int(text) == nil { return "'\(text)' is not a whole number" }
        if value == nil { return "must be from 1 to 60 seconds" }
        return nil
    }
}

/// The modal dialogs; the top of the stack takes every key.
public enum Modal: Sendable {
    case help
    case edit(actionID: String, input: TimeoutInput)
    case threshold(TimeoutInput)
    case raiseTo(TimeoutInput)
    case confirm(Plan)
    case conflict(Conflict)
    case summary(title: String, lines: [String])
    case error(String)
    case quitConfirm
}

/// Progress of a running batch.
public struct BulkProgress: Sendable, Equatable {
    public var done = 0, applied = 0, failed = 0, conflicts = 0, total = 0
}

/// Loading state of the action list.
public enum LoadState: Sendable, Equatable {
    case loading(ScanProgress?)
    case loaded
    case failed(String)
}

// MARK: - State

/// Everything the UI shows: a value, changed only by `reduce`.
public struct AppState: Sendable {
    public var region: String
    public var threshold: Int
    public var load: LoadState = .loading(nil)
    /// Actions in the server's listing order.
    public private(set) var actions: [ScannedAction] = []
    public private(set) var indexByID: [String: Int] = [:]
    public var rowStatus: [String: RowStatus] = [:]
    public private(set) var filter = ""
    public var filterEditing = false
    public private(set) var sort: SortKey = .name
    public var cursor = 0
    public var scrollTop = 0
    public var selection: Set<String> = []
    public var modals: [Modal] = []
    public var status: String?
    public var bulk: BulkProgress?
    public var lastBackup: String?
    public var cols: Int
    public var rows: Int
    public var quitting = false
    /// Indices into `actions` in the current sort order (recomputed when the sort or the actions change).
    private var sortedOrder: [Int] = []
    /// Indices into `actions` that the filter shows, in sort order: derived from filter, sort and actions.
    public private(set) var visible: [Int] = []
    /// Counts shown in the header, kept with the actions.
    public private(set) var atOrBelowCount = 0

    public init(region: String, threshold: Int = 3, cols: Int = 80, rows: Int = 24) {
        self.region = region
        self.threshold = threshold
        self.cols = cols
        self.rows = rows
    }

    public var isBusy: Bool { bulk != nil }
    public var cursorAction: ScannedAction? { visible.indices.contains(cursor) ? actions[visible[cursor]] : nil }
    public func action(_ id: String) -> ScannedAction? { indexByID[id].map { actions[$0] } }

    // MARK: Derived view

    public mutating func setActions(_ list: [ScannedAction]) {
        actions = list
        indexByID = Dictionary(list.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        selection = selection.filter { indexByID[$0] != nil }
        recount()
        resort()
    }

    /// Replaces one action with a newer server copy; the order is kept so rows do not jump.
    /// The count changes by this row alone (a batch of thousands must not recount every action each time).
    public mutating func update(_ action: ScannedAction) {
        guard let i = indexByID[action.id] else { return }
        let wasLow = actions[i].atOrBelow(threshold: threshold)
        actions[i] = action
        atOrBelowCount += (action.atOrBelow(threshold: threshold) ? 1 : 0) - (wasLow ? 1 : 0)
    }

    public mutating func setThreshold(_ seconds: Int) {
        threshold = seconds
        recount()
    }

    public mutating func setFilter(_ text: String) {
        filter = text
        refilter()
    }

    public mutating func setSort(_ key: SortKey) {
        sort = key
        resort()
    }

    mutating func recount() { atOrBelowCount = actions.reduce(0) { $0 + ($1.atOrBelow(threshold: threshold) ? 1 : 0) } }

    mutating func resort() {
        let a = actions
        var order = Array(a.indices)
        switch sort {
        case .name:
            let keys = a.map { $0.name.lowercased() }
            order.sort { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        case .timeout:
            order.sort { a[$0].effectiveTimeoutSeconds != a[$1].effectiveTimeoutSeconds
                ? a[$0].effectiveTimeoutSeconds < a[$1].effectiveTimeoutSeconds : $0 < $1 }
        case .category:
            let keys = a.map { $0.action.category.lowercased() + "\u{0}" + $0.name.lowercased() }
            order.sort { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        }
        sortedOrder = order
        refilter()
    }

    mutating func refilter() {
        let keepID = cursorAction?.id
        let needle = FilterNeedle(filter)
        if needle.bytes.isEmpty {
            visible = sortedOrder
        } else {
            var out: [Int] = []
            out.reserveCapacity(sortedOrder.count / 4)
            for i in sortedOrder where actions[i].matches(needle) { out.append(i) }
            visible = out
        }
        // Keep the cursor on the same action when it is still shown.
        if let keepID, let i = indexByID[keepID], let row = visible.firstIndex(of: i) {
            cursor = row
        } else {
            cursor = min(cursor, max(0, visible.count - 1))
        }
    }
}

// MARK: - Events and effects

/// Something that happened: a key, a resize, or an answer from the core.
public enum Event: Sendable {
    case key(Key)
    case resize(cols: Int, rows: Int)
    case scanProgress(ScanProgress)
    case loaded(Inventory)
    case loadFailed(String)
    case backupWritten(String)
    case changeFinished(ChangeResult, done: Int, total: Int)
    case applyFinished(ApplyReport, purpose: Plan.Purpose)
    case applyFailed(String)
    case conflictRaised(Conflict)
    case undoPlanned(Plan)
    case undoFailed(String)
    /// Requests are held for the org's rate limit for this many seconds.
    case rateLimitWait(Int)
}

/// Work for the effect runner; the reducer never does I/O.
public enum Effect: Sendable, Equatable {
    case load
    /// Commit this plan (backup first, then writes).
    case apply(Plan)
    case answerConflict(ConflictDecision, rememberForRest: Bool)
    case planUndo(backupPath: String)
    case quit

    public static func == (lhs: Effect, rhs: Effect) -> Bool {
        switch (lhs, rhs) {
        case (.load, .load), (.quit, .quit): true
        case (.apply(let a), .apply(let b)):
            a.purpose == b.purpose && a.changes.map(\.id) == b.changes.map(\.id) && a.changes.map(\.to) == b.changes.map(\.to)
        case (.answerConflict(let a, let b), .answerConflict(let c, let d)): a == c && b == d
        case (.planUndo(let a), .planUndo(let b)): a == b
        default: false
        }
    }
}
