import CNcurses
import TimeoutsTUI

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - Input

/// What the terminal reports: a key, or a new size.
public enum TerminalInput: Sendable {
    case key(Key)
    case resize(cols: Int, rows: Int)
}

// MARK: - Screen

/// The ncurses adapter: draws grids (only the rows that changed) and reads keys.
///
/// Use from one thread. `restore()` puts the terminal back; it also runs at exit and on SIGTERM/SIGHUP.
public final class Screen {
    public private(set) var cols: Int
    public private(set) var rows: Int
    private var previous: Grid?
    private let attributes: [Style: Int32]
    private var restored = false

    /// Why the terminal could not be set up.
    public struct SetupError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Takes over the terminal. `monochrome` forces no colours (NO_COLOR); markers carry the meaning either way.
    public init(monochrome: Bool) throws(SetupError) {
        setlocale(LC_ALL, "")
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw SetupError(description: "the terminal UI needs a terminal; in scripts use scan, raise or rollback")
        }
        guard initscr() != nil else { throw SetupError(description: "cannot initialise the terminal (check TERM)") }
        Screen.installRestoreHandlers()
        raw()  // Ctrl-C arrives as a key, so quitting always goes through the UI and restores the terminal
        noecho()
        nonl()
        keypad(gc_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        let colors = !monochrome && has_colors()
        if colors {
            start_color()
            use_default_colors()
        }
        attributes = Screen.theme(colors: colors)
        cols = Int(gc_getmaxx(gc_stdscr()))
        rows = Int(gc_getmaxy(gc_stdscr()))
    }

    deinit { restore() }

    /// Ends curses mode; safe to call more than once.
    public func restore() {
        guard !restored else { return }
        restored = true
        curs_set(1)
        endwin()
    }

    static func installRestoreHandlers() {
        atexit { endwin() }
        for sig in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
            signal(sig) { number in
                endwin()
                _exit(128 + number)
            }
        }
        // A crash must not leave the terminal in raw mode: restore it, then die of the same signal.
        for sig in [SIGSEGV, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE] {
            signal(sig) { number in
                endwin()
                signal(number, SIG_DFL)
                raise(number)
            }
        }
    }

    // MARK: Theme

    /// Colours per style role when the terminal has them; otherwise attributes only.
    static func theme(colors: Bool) -> [Style: Int32] {
        let bold = gc_a_bold(), reverse = gc_a_reverse(), underline = gc_a_underline(), dim = gc_a_dim()
        if !colors {
            return [.normal: 0, .title: reverse, .header: bold | underline, .cursor: reverse, .atRisk: bold,
                    .atRiskCursor: reverse | bold, .selected: bold, .conflict: bold | underline, .ok: 0, .dim: dim,
                    .dialog: 0, .dialogTitle: bold, .dialogNote: dim, .input: reverse, .error: bold, .status: reverse,
                    .footerKey: reverse, .footer: 0]
        }
        let palette: [(Style, Int16, Int16, Int32)] = [
            (.normal, -1, -1, 0), (.title, Int16(COLOR_BLACK), Int16(COLOR_CYAN), 0),
            (.header, Int16(COLOR_CYAN), -1, bold), (.cursor, Int16(COLOR_BLACK), Int16(COLOR_WHITE), 0),
            (.atRisk, Int16(COLOR_RED), -1, bold), (.atRiskCursor, Int16(COLOR_WHITE), Int16(COLOR_RED), bold),
            (.selected, Int16(COLOR_GREEN), -1, bold), (.conflict, Int16(COLOR_MAGENTA), -1, bold),
            (.ok, Int16(COLOR_GREEN), -1, 0), (.dim, -1, -1, dim),
            (.dialog, Int16(COLOR_WHITE), Int16(COLOR_BLUE), 0), (.dialogTitle, Int16(COLOR_YELLOW), Int16(COLOR_BLUE), bold),
            (.dialogNote, Int16(COLOR_CYAN), Int16(COLOR_BLUE), 0),
            (.input, Int16(COLOR_BLACK), Int16(COLOR_WHITE), 0), (.error, Int16(COLOR_WHITE), Int16(COLOR_RED), bold),
            (.status, Int16(COLOR_BLACK), Int16(COLOR_WHITE), 0), (.footerKey, Int16(COLOR_BLACK), Int16(COLOR_CYAN), 0),
            (.footer, -1, -1, 0),
        ]
        var map: [Style: Int32] = [:]
        for (n, entry) in palette.enumerated() {
            init_pair(Int16(n + 1), entry.1, entry.2)
            map[entry.0] = gc_color_pair(Int32(n + 1)) | entry.3
        }
        return map
    }

    // MARK: Drawing

    /// Draws `grid`, touching only rows that differ from the last frame (all rows after a resize).
    public func draw(_ grid: Grid) {
        let full = previous.map { $0.cols != grid.cols || $0.rows != grid.rows } ?? true
        if full { erase() }
        for r in 0..<grid.rows where full || previous?.cells[r] != grid.cells[r] {
            drawRow(grid.cells[r], row: r)
        }
        previous = grid
        refresh()
    }

    private func drawRow(_ cells: [Cell], row: Int) {
        var c = 0
        while c < cells.count {
            let style = cells[c].style
            var scalars: [wchar_t] = []
            let start = c
            while c < cells.count, cells[c].style == style {
                if cells[c].width > 0 {
                    for u in cells[c].character.unicodeScalars { scalars.append(wchar_t(bitPattern: u.value)) }
                }
                c += 1
            }
            scalars.append(0)
            _ = gc_put(Int32(row), Int32(start), scalars, attributes[style] ?? 0)
        }
    }

    /// Forces a full redraw on the next frame.
    public func invalidate() { previous = nil }

    // MARK: Input

    /// Waits up to `milliseconds` for input (0: only what is already there).
    public func read(milliseconds: Int32) -> TerminalInput? {
        wtimeout(gc_stdscr(), milliseconds)
        var ch: wint_t = 0
        let kind = wget_wch(gc_stdscr(), &ch)
        if kind == gc_err() { return nil }
        if kind == KEY_CODE_YES {
            switch Int32(ch) {
            case gc_key_resize():
                cols = Int(gc_getmaxx(gc_stdscr()))
                rows = Int(gc_getmaxy(gc_stdscr()))
                previous = nil
                return .resize(cols: cols, rows: rows)
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_ENTER: return .key(.enter)
            default: return nil
            }
        }
        switch ch {
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 3: return .key(.ctrlC)
        case 12: return .key(.char("\u{0C}"))
        case 9: return .key(.tab)
        default:
            guard ch >= 32, ch != 127, let scalar = Unicode.Scalar(UInt32(ch)) else { return nil }
            return .key(.char(Character(scalar)))
        }
    }
}
