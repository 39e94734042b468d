import TimeoutsCore

// MARK: - Commands

/// What a key does in the action table.
public enum Command: String, Sendable, CaseIterable {
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case filter, sort, threshold, edit, toggleSelect, selectLow, clearSelection
    case raiseMax, raiseTo, undo, reload, help, quit
}

/// One key binding: the keys, how the footer names them, and what it does.
public struct Binding: Sendable {
    public let keys: [Key]
    public let label: String
    public let command: Command
    public let help: String
    /// Shown in the footer (movement keys are only in the help overlay, besides one ↑↓ hint).
    public let inFooter: Bool
}

// MARK: - The keymap (data)

public enum Keymap {
    public static let table: [Binding] = [
        Binding(keys: [.up, .char("k")], label: "↑/k", command: .moveUp, help: "move up", inFooter: false),
        Binding(keys: [.down, .char("j")], label: "↓/j", command: .moveDown, help: "move down", inFooter: false),
        Binding(keys: [.pageUp], label: "PgUp", command: .pageUp, help: "page up", inFooter: false),
        Binding(keys: [.pageDown], label: "PgDn", command: .pageDown, help: "page down", inFooter: false),
        Binding(keys: [.home, .char("g")], label: "Home/g", command: .top, help: "first row", inFooter: false),
        Binding(keys: [.end, .char("G")], label: "End/G", command: .bottom, help: "last row", inFooter: false),
        Binding(keys: [.char("/")], label: "/", command: .filter, help: "filter by name, category, integration", inFooter: true),
        Binding(keys: [.enter, .char("e")], label: "e", command: .edit, help: "edit the timeout of the cursor row", inFooter: true),
        Binding(keys: [.char(" ")], label: "Space", command: .toggleSelect, help: "select or unselect the cursor row", inFooter: true),
        Binding(keys: [.char("a")], label: "a", command: .selectLow, help: "select every shown row at or below the threshold", inFooter: true),
        Binding(keys: [.char("A")], label: "A", command: .clearSelection, help: "clear the selection", inFooter: true),
        Binding(keys: [.char("R")], label: "R", command: .raiseMax, help: "raise the selection (or cursor row) to 60 s", inFooter: true),
        Binding(keys: [.char("x")], label: "x", command: .raiseTo, help: "raise the selection (or cursor row) to a value you type", inFooter: true),
        Binding(keys: [.char("u")], label: "u", command: .undo, help: "undo the last committed batch from its backup", inFooter: true),
        Binding(keys: [.char("s")], label: "s", command: .sort, help: "cycle the sort: name, timeout, category", inFooter: true),
        Binding(keys: [.char("t")], label: "t", command: .threshold, help: "set the threshold", inFooter: true),
        Binding(keys: [.char("r")], label: "r", command: .reload, help: "reload every action from the org", inFooter: true),
        Binding(keys: [.char("?")], label: "?", command: .help, help: "this help", inFooter: true),
        Binding(keys: [.char("q"), .ctrlC], label: "q", command: .quit, help: "quit (asks first while work is in flight)", inFooter: true),
    ]

    static let byKey: [Key: Command] = {
        var map: [Key: Command] = [:]
        for b in table { for k in b.keys { map[k] = b.command } }
        return map
    }()

    public static func command(for key: Key) -> Command? { byKey[key] }

    /// Why `command` cannot run now, or nil when it can.
    public static func disabledReason(_ command: Command, _ s: AppState) -> String? {
        let loaded = s.load == .loaded
        switch command {
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom, .help, .quit, .sort, .threshold, .filter:
            return nil
        case .reload:
            return s.isBusy ? "wait for the running batch to finish" : nil
        case .edit:
            guard loaded else { return "still loading" }
            if s.isBusy { return "wait for the running batch to finish" }
            guard let a = s.cursorAction else { return "no action under the cursor" }
            return a.isWritable ? nil : (a.kind == .staticAction ? SkipReason.staticAction : SkipReason.customAuth).description
        case .toggleSelect:
            return s.cursorAction == nil ? "no action under the cursor" : nil
        case .selectLow:
            guard loaded else { return "still loading" }
            return s.visible.contains { s.actions[$0].atOrBelow(threshold: s.threshold) }
                ? nil : "no shown action is at or below \(s.threshold) s"
        case .clearSelection:
            return s.selection.isEmpty ? "nothing is selected" : nil
        case .raiseMax, .raiseTo:
            guard loaded else { return "still loading" }
            if s.isBusy { return "wait for the running batch to finish" }
            return s.selection.isEmpty && s.cursorAction == nil ? "nothing selected and no cursor row" : nil
        case .undo:
            if s.isBusy { return "wait for the running batch to finish" }
            return s.lastBackup == nil ? "nothing has been committed in this session" : nil
        }
    }

    /// The footer: enabled commands that fit, most useful first.
    public static func footer(_ s: AppState) -> [(key: String, label: String)] {
        if s.filterEditing { return [("type", "filter"), ("Enter", "keep"), ("Esc", "clear"), ("↑↓", "move")] }
        if let top = s.modals.last { return modalKeys(top) }
        var items: [(String, String)] = [("↑↓", "move")]
        for b in table where b.inFooter && disabledReason(b.command, s) == nil {
            items.append((b.label, shortName(b.command)))
        }
        return items
    }

    static func shortName(_ c: Command) -> String {
        switch c {
        case .filter: "filter"
        case .edit: "edit"
        case .toggleSelect: "select"
        case .selectLow: "select low"
        case .clearSelection: "clear"
        case .raiseMax: "raise to max"
        case .raiseTo: "raise to…"
        case .undo: "undo"
        case .sort: "sort"
        case .threshold: "threshold"
        case .reload: "reload"
        case .help: "help"
        case .quit: "quit"
        default: c.rawValue
        }
    }

    static func modalKeys(_ modal: Modal) -> [(key: String, label: String)] {
        switch modal {
        case .help, .summary, .error: [("Enter/Esc", "close")]
        case .edit, .threshold, .raiseTo: [("0-9", "seconds"), ("Enter", "commit"), ("Esc", "cancel")]
        case .confirm: [("Enter/y", "apply"), ("Esc/n", "cancel")]
        case .conflict: [("m", "apply mine"), ("s", "skip"), ("a", "mine for all"), ("k", "skip all"), ("c", "cancel rest")]
        case .quitConfirm: [("y", "quit"), ("n/Esc", "stay")]
        }
    }
}
