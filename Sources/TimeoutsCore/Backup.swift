import Foundation
import GenesysCloud

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - Backup

/// The actions a write is about to change, as read, so rollback can restore them.
public struct Backup: Sendable {
    public struct Entry: Sendable {
        public let id: String
        /// The timeout before the change (nil: unset).
        public let timeoutSeconds: Int?
        public let plannedTimeoutSeconds: Int?
        /// The version our write produced, filled in after it lands.
        public var appliedVersion: Int?
        /// The action exactly as read.
        public let action: Action
        /// Template text for templates the action carried by URI only.
        public let templates: [String: String]
    }

    public static let format = "gc-timeouts-backup"
    public static let formatVersion = 1

    public var createdAt: Date
    public var org: String
    public var purpose: String
    public var entries: [Entry]

    public init(createdAt: Date = Date(), org: String, purpose: String, entries: [Entry]) {
        self.createdAt = createdAt
        self.org = org
        self.purpose = purpose
        self.entries = entries
    }

    // MARK: Encoding

    public var json: JSON {
        let entries: [JSON] = self.entries.map { e in
            var o: JSONObject = ["id": .string(e.id), "name": .string(e.action.name)]
            o["timeoutSeconds"] = e.timeoutSeconds.map(JSON.int) ?? .null
            o["plannedTimeoutSeconds"] = e.plannedTimeoutSeconds.map(JSON.int) ?? .null
            o["version"] = .int(e.action.version)
            o["appliedVersion"] = e.appliedVersion.map(JSON.int) ?? .null
            o["templates"] = .object(JSONObject(e.templates.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
            o["action"] = e.action.raw
            return .object(o)
        }
        return ["format": .string(Self.format), "formatVersion": .int(Self.formatVersion),
                "createdAt": .string(ISO8601DateFormatter().string(from: createdAt)),
                "org": .string(org), "purpose": .string(purpose), "entries": .array(entries)]
    }

    // MARK: Decoding

    /// Reads a backup file, refusing anything missing, truncated, foreign or out of range.
    public static func read(path: String) throws(BackupError) -> Backup {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw BackupError(path: path, reason: "no such file")
        }
        guard !isFolder.boolValue else { throw BackupError(path: path, reason: "is a folder, not a backup file") }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw BackupError(path: path, reason: "cannot be read: permission denied")
        }
        let data = FileManager.default.contents(atPath: path) ?? Data()
        let json: JSON
        do { json = try JSON.parse(data) } catch {
            throw BackupError(path: path, reason: data.isEmpty ? "is empty" : "is truncated or not JSON (\(error))")
        }
        guard json["format"]?.stringValue == format else {
            throw BackupError(path: path, reason: "is not a gc-timeouts backup")
        }
        guard let version = json["formatVersion"]?.intValue, version == formatVersion else {
            throw BackupError(path: path, reason: "has an unsupported format version")
        }
        guard let rawEntries = json["entries"]?.arrayValue else {
            throw BackupError(path: path, reason: "has no entries")
        }
        var entries: [Entry] = []
        for (n, raw) in rawEntries.enumerated() {
            let at = "entry \(n + 1)"
            guard let id = raw["id"]?.stringValue, let actionJSON = raw["action"],
                let action = try? Action(raw: actionJSON), action.id == id
            else { throw BackupError(path: path, reason: "\(at) is incomplete (id or action missing)") }
            let timeout = try seconds(raw["timeoutSeconds"], at: at, field: "timeoutSeconds", path: path)
            let planned = try seconds(raw["plannedTimeoutSeconds"], at: at, field: "plannedTimeoutSeconds", path: path)
            var templates: [String: String] = [:]
            for member in raw["templates"]?.objectValue?.members ?? [] {
                templates[member.key] = member.value.stringValue
            }
            entries.append(Entry(id: id, timeoutSeconds: timeout, plannedTimeoutSeconds: planned,
                                 appliedVersion: raw["appliedVersion"]?.intValue, action: action, templates: templates))
        }
        let created = json["createdAt"]?.stringValue.flatMap { ISO8601DateFormatter().date(from: $0) } ?? Date()
        return Backup(createdAt: created, org: json["org"]?.stringValue ?? "", purpose: json["purpose"]?.stringValue ?? "",
                      entries: entries)
    }

    static func seconds(_ value: JSON?, at: String, field: String, path: String) throws(BackupError) -> Int? {
        guard let value, !value.isNull else { return nil }
        guard let n = value.intValue, (TimeoutLimits.minimum...TimeoutLimits.maximum).contains(n) else {
            throw BackupError(path: path, reason: "\(at) has an invalid \(field)")
        }
        return n
    }
}

/// Why a backup could not be read or written.
public struct BackupError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    /// True when writing failed (the environment's fault), false when a given file was unusable (bad input).
    public var whileWriting = false
    public var description: String { "backup \(path) \(reason)" }
}

// MARK: - Writing

/// Writes backups as 0600 files in a 0700 folder, atomically (temp file, fsync, rename).
public struct BackupStore: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// `$GC_TIMEOUTS_BACKUP_DIR`, else `$XDG_STATE_HOME/gc-timeouts/backups`, else `~/.local/state/gc-timeouts/backups`.
    public static func defaultDirectory(_ env: [String: String]) -> String {
        if let dir = env["GC_TIMEOUTS_BACKUP_DIR"], !dir.isEmpty { return dir }
        if let state = env["XDG_STATE_HOME"], !state.isEmpty { return state + "/gc-timeouts/backups" }
        let home = env["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/gc-timeouts/backups"
    }

    /// A fresh path for a new backup.
    public func newPath(purpose: String, date: Date = Date()) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let suffix = String(UInt32.random(in: 0..<UInt32.max), radix: 36)
        return "\(directory)/gc-timeouts-\(purpose)-\(f.string(from: date))-\(suffix).json"
    }

    /// Writes (or rewrites) `backup` at `path`, mode 0600, all or nothing.
    public func write(_ backup: Backup, to path: String) throws(BackupError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw BackupError(path: path, reason: "folder cannot be created: \(error.localizedDescription)", whileWriting: true)
        }
        let temp = path + ".partial"
        let bytes = Array((backup.json.pretty + "\n").utf8)
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw BackupError(path: path, reason: "cannot be written: \(String(cString: strerror(errno)))", whileWriting: true)
        }
        fchmod(fd, 0o600)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 {
                let why = String(cString: strerror(errno))
                close(fd)
                unlink(temp)
                throw BackupError(path: path, reason: "cannot be written: \(why)", whileWriting: true)
            }
            written += n
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard synced, rename(temp, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temp)
            throw BackupError(path: path, reason: "cannot be saved: \(why)", whileWriting: true)
        }
    }
}
