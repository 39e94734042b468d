import TimeoutsCore

// MARK: - Grid

/// What a cell means; the terminal's theme maps roles to colours (or to nothing, monochrome).
/// The raw value is the letter used in snapshot style maps.
public enum Style: Character, Sendable, CaseIterable {
    case normal = "."
    case title = "T"
    case header = "H"
    case cursor = "C"
    case atRisk = "R"
    case atRiskCursor = "X"
    case selected = "S"
    case conflict = "!"
    case ok = "O"
    case dim = "d"
    case dialog = "D"
    case dialogTitle = "t"
    case dialogNote = "n"
    case input = "I"
    case error = "E"
    case status = "s"
    case footerKey = "K"
    case footer = "F"
}

/// One terminal cell: a character and its display width (2 for wide, 0 for the cell a wide one covers).
public struct Cell: Sendable, Equatable {
    public var character: Character
    public var width: Int8
    public var style: Style
    public static let blank = Cell(character: " ", width: 1, style: .normal)
}

/// A screen's worth of cells; rendering is a pure function to this.
public struct Grid: Sendable, Equatable {
    public let cols: Int
    public let rows: Int
    public var cells: [[Cell]]

    public init(cols: Int, rows: Int) {
        self.cols = cols
        self.rows = rows
        cells = Array(repeating: Array(repeating: .blank, count: max(0, cols)), count: max(0, rows))
    }

    /// Fills a row span with spaces of `style`.
    public mutating func fill(row: Int, from: Int = 0, to: Int? = nil, style: Style) {
        guard (0..<rows).contains(row) else { return }
        for c in max(0, from)..<min(cols, to ?? cols) { cells[row][c] = Cell(character: " ", width: 1, style: style) }
    }

    /// Writes `text` at (row, col) within `width` columns (truncating with …); returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, row: Int, col: Int, width: Int? = nil, style: Style) -> Int {
        guard (0..<rows).contains(row), col < cols else { return 0 }
        let limit = min(cols - col, width ?? (cols - col))
        let fitted = DisplayWidth.truncate(text, to: limit)
        var c = col
        for ch in fitted {
            let w = DisplayWidth.of(ch)
            if w == 0 { continue }  // lone combining marks and controls never reach the screen
            if c + w > col + limit { break }
            cells[row][c] = Cell(character: ch, width: Int8(w), style: style)
            if w == 2 { cells[row][c + 1] = Cell(character: " ", width: 0, style: style) }
            c += w
        }
        return c - col
    }

    /// The text, one line per row (the cells wide characters cover are skipped).
    public var text: String {
        cells.map { row in String(row.filter { $0.width > 0 }.map(\.character)).replacing(/\s+$/, with: "") }
            .joined(separator: "\n")
    }

    /// One style letter per cell, for snapshots.
    public var styleMap: String {
        cells.map { row in String(row.map(\.style.rawValue)) }.joined(separator: "\n")
    }
}

// MARK: - Render

public enum Layout {
    public static let minCols = 60
    public static let minRows = 15
}

/// Draws the whole UI for `state` at its size.
public func render(_ s: AppState) -> Grid {
    var g = Grid(cols: s.cols, rows: s.rows)
    guard s.cols >= Layout.minCols, s.rows >= Layout.minRows else {
        let lines = ["Terminal too small: \(s.cols)×\(s.rows)", "gc-timeouts needs at least \(Layout.minCols)×\(Layout.minRows).",
                     "Enlarge the window, or press q to quit."]
        for (i, line) in lines.enumerated() {
            let w = DisplayWidth.of(line)
            g.put(line, row: s.rows / 2 - 1 + i, col: max(0, (s.cols - w) / 2), style: i == 0 ? .error : .normal)
        }
        return g
    }
    header(&g, s)
    table(&g, s)
    statusLine(&g, s)
    footer(&g, s)
    for modal in s.modals { dialog(&g, s, modal) }
    return g
}

// MARK: Header

func header(_ g: inout Grid, _ s: AppState) {
    g.fill(row: 0, style: .title)
    var c = g.put(" gc-timeouts", row: 0, col: 0, style: .title)
    c += g.put("  ·  \(s.region)", row: 0, col: c, style: .title)
    let right = "sort: \(s.sort.rawValue)  ·  threshold \(s.threshold) s "
    g.put(right, row: 0, col: max(c + 2, s.cols - DisplayWidth.of(right)), style: .title)

    var counts = "\(s.actions.count) actions  ·  \(s.atOrBelowCount) at or below \(s.threshold) s (!)"
    counts += "  ·  \(s.selection.count) selected  ·  \(s.visible.count) shown"
    var col = g.put(" " + counts, row: 1, col: 0, style: .normal)
    if s.filterEditing || !s.filter.isEmpty {
        col += g.put("  ·  filter: ", row: 1, col: col, style: .dim)
        col += g.put("/" + s.filter, row: 1, col: col, style: .input)
        if s.filterEditing { g.put("▏", row: 1, col: col, style: .input) }
    }
}

// MARK: Table

struct Columns {
    let name: Int, category: Int, integration: Int, timeout = 12, function = 3, version = 7
    let showIntegration: Bool

    init(cols: Int) {
        showIntegration = cols >= 100
        let fixed = 4 + (12 + 2) + (3 + 2) + 7 + 1
        let flex = cols - fixed - (showIntegration ? 6 : 4)
        if showIntegration {
            name = flex * 40 / 100
            category = flex * 30 / 100
            integration = flex - name - category
        } else {
            name = flex * 58 / 100
            category = flex - name
            integration = 0
        }
    }
}

func table(_ g: inout Grid, _ s: AppState) {
    let cols = Columns(cols: s.cols)
    g.fill(row: 2, style: .header)
    var headings: [(String, Int, Bool)] = [("NAME", cols.name, false), ("CATEGORY", cols.category, false)]
    if cols.showIntegration { headings.append(("INTEGRATION", cols.integration, false)) }
    headings += [("TIMEOUT", cols.timeout, true), ("FN", cols.function, true), ("VERSION", cols.version, true)]
    var c = 4
    for (title, width, right) in headings {
        g.put(DisplayWidth.fit(title, to: width, alignRight: right), row: 2, col: c, style: .header)
        c += width + 2
    }

    let top = 3, height = s.tableHeight
    switch s.load {
    case .loading(let p):
        let text = p.map { "Loading actions… page \($0.pagesDone) of \($0.pageCount), \($0.actionsFetched) of \($0.actionsTotal) actions" }
            ?? "Connecting to \(s.region)…"
        g.put("  " + text, row: top + 1, col: 0, style: .dim)
        return
    case .failed(let why):
        g.put("  Could not load the actions. Press r to retry.", row: top + 1, col: 0, style: .error)
        g.put("  " + why, row: top + 2, col: 0, style: .dim)
        return
    case .loaded:
        if s.visible.isEmpty {
            g.put(s.actions.isEmpty ? "  This org has no data actions." : "  No action matches the filter “\(s.filter)”.",
                  row: top + 1, col: 0, style: .dim)
            return
        }
    }
    for line in 0..<height {
        let index = s.scrollTop + line
        guard index < s.visible.count else { break }
        let a = s.actions[s.visible[index]]
        let low = a.atOrBelow(threshold: s.threshold)
        let status = s.rowStatus[a.id]
        let isCursor = index == s.cursor
        var style: Style = low ? .atRisk : .normal
        switch status {
        case .conflict?: style = .conflict
        case .failed?: style = .error
        case .applied?: style = low ? .atRisk : .ok
        default: break
        }
        if isCursor { style = low ? .atRiskCursor : .cursor }
        let row = top + line
        g.fill(row: row, style: style)
        g.put(s.selection.contains(a.id) ? "*" : " ", row: row, col: 0, style: isCursor ? style : .selected)
        g.put(low ? "!" : (a.timeoutIneffective ? "~" : " "), row: row, col: 1, style: style)
        g.put(statusMark(status), row: row, col: 2, style: style)
        var c = 4
        var cells: [(String, Int, Bool)] = [(a.name, cols.name, false), (a.action.category, cols.category, false)]
        if cols.showIntegration { cells.append((a.integrationName, cols.integration, false)) }
        cells += [(describeTimeout(a.timeoutSeconds), cols.timeout, true),
                  (a.functionTimeoutSeconds.map(String.init) ?? "", cols.function, true),
                  (String(a.action.version), cols.version, true)]
        for (text, width, right) in cells {
            g.put(DisplayWidth.fit(text, to: width, alignRight: right), row: row, col: c, style: style)
            c += width + 2
        }
    }
}

func statusMark(_ status: RowStatus?) -> String {
    switch status {
    case .applying?: "…"
    case .applied?: "✓"
    case .failed?: "✗"
    case .conflict?: "≠"
    case .skipped?: "-"
    case nil: " "
    }
}

// MARK: Status and footer

func statusLine(_ g: inout Grid, _ s: AppState) {
    let row = s.rows - 2
    g.fill(row: row, style: .status)
    if let b = s.bulk {
        let label = " Applying "
        let counts = " \(b.done)/\(b.total)  ok \(b.applied)  failed \(b.failed)  conflicts \(b.conflicts) "
        let barWidth = max(10, min(40, s.cols - DisplayWidth.of(label) - DisplayWidth.of(counts) - 2))
        let filled = b.total > 0 ? barWidth * b.done / b.total : 0
        let bar = "[" + String(repeating: "█", count: filled) + String(repeating: "·", count: barWidth - filled) + "]"
        var c = g.put(label, row: row, col: 0, style: .status)
        c += g.put(bar, row: row, col: c, style: .status)
        g.put(counts, row: row, col: c, style: .status)
    } else if let text = s.status {
        g.put(" " + text, row: row, col: 0, style: .status)
    }
}

/// The keys that apply now; `? help` and `q quit` are pinned to the right so they always show.
func footer(_ g: inout Grid, _ s: AppState) {
    let row = s.rows - 1
    g.fill(row: row, style: .footer)
    var items = Keymap.footer(s)
    let pinned = items.filter { $0.key == "?" || $0.key == "q" }
    items.removeAll { $0.key == "?" || $0.key == "q" }
    func width(_ list: [(key: String, label: String)]) -> Int {
        list.reduce(0) { $0 + DisplayWidth.of($1.key) + 1 + DisplayWidth.of($1.label) + 2 }
    }
    let right = s.cols - width(pinned)
    var c = 1
    for item in items {
        if c + width([item]) > right { break }
        c += g.put(item.key, row: row, col: c, style: .footerKey)
        c += g.put(" " + item.label + "  ", row: row, col: c, style: .footer)
    }
    c = right
    for item in pinned {
        c += g.put(item.key, row: row, col: c, style: .footerKey)
        c += g.put(" " + item.label + "  ", row: row, col: c, style: .footer)
    }
}

// MARK: Dialogs

/// Lines of `text` wrapped to `width` display columns.
func wrap(_ text: String, _ width: Int) -> [String] {
    var out: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
        var line = ""
        for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if DisplayWidth.of(candidate) <= width || line.isEmpty {
                line = candidate
            } else {
                out.append(line)
                line = String(word)
            }
        }
        out.append(line)
    }
    return out.flatMap { DisplayWidth.of($0) > width ? hardBreak($0, width) : [$0] }
}

/// Splits a line with no room to wrap (a long path) into pieces of at most `width` columns; nothing is cut.
func hardBreak(_ line: String, _ width: Int) -> [String] {
    var pieces: [String] = [], piece = "", used = 0
    for c in line {
        let w = DisplayWidth.of(c)
        if used + w > width, !piece.isEmpty {
            pieces.append(piece)
            piece = ""
            used = 0
        }
        piece.append(c)
        used += w
    }
    if !piece.isEmpty { pieces.append(piece) }
    return pieces
}

/// A dialog's content: title and styled lines.
struct DialogContent {
    var title: String
    var lines: [(String, Style)] = []
    mutating func add(_ text: String, _ style: Style = .dialog, width: Int) {
        for l in wrap(text, width) { lines.append((l, style)) }
    }
}

func dialog(_ g: inout Grid, _ s: AppState, _ modal: Modal) {
    let width = min(s.cols - 4, 76)
    let inner = width - 4
    let maxLines = s.rows - 6
    var d = DialogContent(title: "")
    switch modal {
    case .help:
        d.title = "Keys"
        let moves = Keymap.table.filter { [.moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom].contains($0.command) }
        d.add(DisplayWidth.fit("↑↓ j k", to: 12) + "  move; PgUp PgDn page; Home/g End/G first and last row", width: inner)
        for b in Keymap.table where !moves.contains(where: { $0.command == b.command }) {
            var text = DisplayWidth.fit(b.keys.map(keyName).joined(separator: " "), to: 12) + "  " + b.help
            if let why = Keymap.disabledReason(b.command, s) { text += " (now: \(why))" }
            d.add(text, Keymap.disabledReason(b.command, s) == nil ? .dialog : .dialogNote, width: inner)
        }
        d.add("Rows marked ! are at or below the threshold; ~ means the function stops first.", .dialogNote, width: inner)
    case .edit(let id, let input):
        let a = s.action(id)
        d.title = "Edit timeout"
        d.add("Action:   \(a?.name ?? id)", width: inner)
        d.add("Category: \(a?.action.category ?? "")", width: inner)
        d.add("Current:  \(describeSeconds(a?.timeoutSeconds))    Version: \(a?.action.version ?? 0)", width: inner)
        if let fn = a?.functionTimeoutSeconds {
            d.add("Function timeout: \(fn) s (a longer action timeout buys nothing)", .dialogNote, width: inner)
        }
        inputLines(&d, "New timeout (seconds): ", input, width: inner)
    case .threshold(let input):
        d.title = "Threshold"
        d.add("Actions at or below this many seconds are highlighted and selected by a.", width: inner)
        inputLines(&d, "Threshold (seconds): ", input, width: inner)
    case .raiseTo(let input):
        d.title = "Raise to…"
        d.add("Raise \(s.targetIDs.count) action(s) (\(s.selection.isEmpty ? "the cursor row" : "the selection")) to:", width: inner)
        inputLines(&d, "Timeout (seconds): ", input, width: inner)
    case .confirm(let plan):
        let verb = plan.purpose == .rollback ? "Restore" : "Raise"
        d.title = "\(verb) \(plan.changes.count) action(s)?"
        let room = max(1, maxLines - 6 - min(3, plan.skipped.count))
        for c in plan.changes.prefix(room) {
            var line = DisplayWidth.fit("\(describeTimeout(c.from)) → \(describeTimeout(c.to))", to: 22) + c.target.name
            if c.note != nil { line += "  *" }
            d.add(line, width: inner)
        }
        if plan.changes.count > room { d.add("…and \(plan.changes.count - room) more", .dialogNote, width: inner) }
        if plan.changes.contains(where: { $0.note != nil }) { d.add("* capped at the function timeout, or changed by someone else since", .dialogNote, width: inner) }
        if !plan.skipped.isEmpty {
            d.add("Skipped \(plan.skipped.count):", .dialogNote, width: inner)
            for skip in plan.skipped.prefix(3) { d.add("  \(skip.target.name): \(skip.reason)", .dialogNote, width: inner) }
        }
        d.add(plan.isEmpty ? "Nothing to change." : "A backup is written before the first change. Enter to apply, Esc to cancel.",
              .dialogTitle, width: inner)
    case .conflict(let c):
        d.title = "Conflict: changed on the server"
        d.add("Action:  \(c.current.name)", width: inner)
        if c.current.name != c.change.target.name { d.add("         (was \(c.change.target.name))", .dialogNote, width: inner) }
        d.add("Version: \(c.change.target.action.version) when loaded → \(c.current.action.version) now", width: inner)
        d.add("Server's timeout now: \(describeSeconds(c.current.timeoutSeconds))", width: inner)
        d.add("Your timeout:         \(describeSeconds(c.change.to))", width: inner)
        d.add("Nothing is overwritten unless you say so:", .dialogNote, width: inner)
        d.add("m  apply mine on top of the latest version", width: inner)
        d.add("s  skip this action", width: inner)
        d.add("a  apply mine to all remaining conflicts", width: inner)
        d.add("k  skip all remaining conflicts", width: inner)
        d.add("c  cancel the rest of the batch", width: inner)
    case .summary(let title, let lines):
        d.title = title
        for line in lines.prefix(maxLines - 2) {
            d.add(line, line.hasPrefix("FAILED") || line.hasPrefix("CONFLICT") ? .error : .dialog, width: inner)
        }
        if lines.count > maxLines - 2 { d.add("…\(lines.count - maxLines + 2) more (see the backup for details)", .dialogNote, width: inner) }
    case .error(let message):
        d.title = "Error"
        d.add(message, .error, width: inner)
    case .quitConfirm:
        d.title = "Quit while a batch is running?"
        d.add("Changes already sent stay; the rest are not made. The backup written before the first change restores them (gc-timeouts rollback).", width: inner)
        d.add("y quit   n stay", .dialogTitle, width: inner)
    }
    box(&g, s, d, width: width, maxLines: maxLines)
}

func inputLines(_ d: inout DialogContent, _ label: String, _ input: TimeoutInput, width: Int) {
    d.lines.append(("", .dialog))
    d.lines.append((label + "[" + input.text + "▏]", .input))
    if let problem = input.problem {
        d.add("✗ " + problem + " (Enter is disabled)", .error, width: width)
    } else {
        d.add("Enter to commit, Esc to cancel", .dialogNote, width: width)
    }
}

func box(_ g: inout Grid, _ s: AppState, _ d: DialogContent, width: Int, maxLines: Int) {
    let lines = Array(d.lines.prefix(maxLines))
    let height = lines.count + 2
    let top = max(1, (s.rows - height) / 2)
    let left = max(0, (s.cols - width) / 2)
    for r in top..<(top + height) { g.fill(row: r, from: left, to: left + width, style: .dialog) }
    let horizontal = String(repeating: "─", count: width - 2)
    g.put("┌" + horizontal + "┐", row: top, col: left, style: .dialog)
    g.put(" " + d.title + " ", row: top, col: left + 2, width: width - 4, style: .dialogTitle)
    for (i, line) in lines.enumerated() {
        g.put("│", row: top + 1 + i, col: left, style: .dialog)
        g.put(line.0, row: top + 1 + i, col: left + 2, width: width - 4, style: line.1)
        g.put("│", row: top + 1 + i, col: left + width - 1, style: .dialog)
    }
    g.put("└" + horizontal + "┘", row: top + height - 1, col: left, style: .dialog)
}

func keyName(_ k: Key) -> String {
    switch k {
    case .up: "↑"
    case .down: "↓"
    case .pageUp: "PgUp"
    case .pageDown: "PgDn"
    case .home: "Home"
    case .end: "End"
    case .enter: "Enter"
    case .escape: "Esc"
    case .backspace: "Bksp"
    case .tab: "Tab"
    case .ctrlC: "^C"
    case .char(" "): "Space"
    case .char(let c): String(c)
    }
}
