#if canImport(Glibc)
    import Glibc
#endif

// MARK: - Output

/// stdout carries results; stderr carries progress and logs; progress bars only on a TTY.
///
/// Writes go straight to the file descriptors (no stdio buffering), so nothing is lost on exit.
enum Output {
    static let stderrIsTTY = isatty(2) == 1

    static func out(_ text: String) { write(fd: 1, text) }

    static func err(_ line: String) { write(fd: 2, line + "\n") }

    /// A progress line that rewrites itself on a TTY and is silent elsewhere.
    static func progress(_ line: String) {
        guard stderrIsTTY else { return }
        write(fd: 2, "\r\u{1B}[2K" + line)
    }

    static func endProgress() {
        guard stderrIsTTY else { return }
        write(fd: 2, "\r\u{1B}[2K")
    }

    static func write(fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return }
            sent += n
        }
        bytes.removeAll()
    }
}
