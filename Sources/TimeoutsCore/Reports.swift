import GenesysCloud

// MARK: - Scan reports

/// Output formats for `scan`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table, json, csv
}

/// Renders scanned actions as a table, JSON or CSV (stdout material).
public enum ScanReport {
    public static func render(_ actions: [ScannedAction], threshold: Int, format: ReportFormat) -> String {
        switch format {
        case .table: table(actions, threshold: threshold)
        case .json: json(actions, threshold: threshold).pretty + "\n"
        case .csv: csv(actions, threshold: threshold)
        }
    }

    /// `!` marks an action at or below the threshold; `~` one whose timeout its function overrides.
    public static func table(_ actions: [ScannedAction], threshold: Int) -> String {
        let headers = ["", "NAME", "CATEGORY", "KIND", "TIMEOUT", "FUNCTION", "VERSION", "ID"]
        let rows = actions.map { a -> [String] in
            [a.atOrBelow(threshold: threshold) ? "!" : (a.timeoutIneffective ? "~" : ""),
             a.name, a.action.category, a.kind.rawValue, describeTimeout(a.timeoutSeconds),
             a.functionTimeoutSeconds.map { "\($0)" } ?? "", String(a.action.version), a.id]
        }
        let caps = [1, 40, 28, 11, 12, 8, 7, 40]
        var widths = headers.map { DisplayWidth.of($0) }
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = min(caps[i], max(widths[i], DisplayWidth.of(cell))) } }
        let right: Set<Int> = [4, 5, 6]
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { DisplayWidth.fit($0.element, to: widths[$0.offset], alignRight: right.contains($0.offset)) }
                .joined(separator: "  ").replacing(/\s+$/, with: "")
        }
        var out = line(headers) + "\n"
        for row in rows { out += line(row) + "\n" }
        let low = actions.filter { $0.atOrBelow(threshold: threshold) }.count
        out += "\n\(actions.count) action(s); \(low) at or below \(threshold) s (marked !)"
        let ineffective = actions.filter(\.timeoutIneffective).count
        if ineffective > 0 { out += "; \(ineffective) above their function timeout (marked ~)" }
        return out + "\n"
    }

    public static func json(_ actions: [ScannedAction], threshold: Int) -> JSON {
        .array(actions.map { a in
            var o: JSONObject = ["id": .string(a.id), "name": .string(a.name), "category": .string(a.action.category),
                                 "integrationId": .string(a.action.integrationID),
                                 "integrationName": .string(a.integrationName), "kind": .string(a.kind.rawValue)]
            o["timeoutSeconds"] = a.timeoutSeconds.map(JSON.int) ?? .null
            o["effectiveTimeoutSeconds"] = .int(a.effectiveTimeoutSeconds)
            o["functionTimeoutSeconds"] = a.functionTimeoutSeconds.map(JSON.int) ?? .null
            o["timeoutIneffective"] = .bool(a.timeoutIneffective)
            o["version"] = .int(a.action.version)
            o["secure"] = .bool(a.action.secure)
            o["atOrBelowThreshold"] = .bool(a.atOrBelow(threshold: threshold))
            return .object(o)
        })
    }

    public static func csv(_ actions: [ScannedAction], threshold: Int) -> String {
        var out = "id,name,category,integrationId,kind,timeoutSeconds,effectiveTimeoutSeconds,functionTimeoutSeconds,version,secure,atOrBelowThreshold\r\n"
        for a in actions {
            let cells = [a.id, a.name, a.action.category, a.action.integrationID, a.kind.rawValue,
                         a.timeoutSeconds.map(String.init) ?? "", String(a.effectiveTimeoutSeconds),
                         a.functionTimeoutSeconds.map(String.init) ?? "", String(a.action.version),
                         String(a.action.secure), String(a.atOrBelow(threshold: threshold))]
            out += cells.map(csvField).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it.
    static func csvField(_ value: String) -> String {
        var v = value
        if let first = v.first, "=+-@".contains(first) { v = "'" + v }
        guard v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || v != value else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

// MARK: - Plan and apply reports

/// Renders plans and apply results as text lines.
public enum PlanReport {
    public static func text(_ plan: Plan) -> String {
        var out = ""
        let verb = plan.purpose == .rollback ? "RESTORE" : "RAISE"
        for c in plan.changes {
            var line = "\(verb)  \(c.target.name)  [\(c.id)]  \(describeTimeout(c.from)) → \(describeTimeout(c.to))"
            if let note = c.note { line += "  (\(note))" }
            out += line + "\n"
        }
        for s in plan.skipped { out += "SKIP   \(s.target.name)  [\(s.target.id)]: \(s.reason)\n" }
        out += summary(plan) + "\n"
        return out
    }

    public static func summary(_ plan: Plan) -> String {
        var parts = ["\(plan.changes.count) to \(plan.purpose == .rollback ? "restore" : "change")"]
        if !plan.skipped.isEmpty { parts.append("\(plan.skipped.count) skipped") }
        if let threshold = plan.threshold, plan.aboveThreshold > 0 {
            parts.append("\(plan.aboveThreshold) above \(threshold) s left alone")
        }
        return "Plan: " + parts.joined(separator: ", ")
    }

    /// One line per change as it finishes.
    public static func line(_ result: ChangeResult) -> String {
        let c = result.change
        let who = "\(c.target.name)  [\(c.id)]"
        switch result.outcome {
        case .applied(let a):
            return "OK        \(who)  \(describeTimeout(c.from)) → \(describeTimeout(a.timeoutSeconds))  (version \(a.action.version))"
        case .skipped(let reason): return "SKIPPED   \(who): \(reason)"
        case .conflict(let conflict):
            return "CONFLICT  \(who): changed on the server (version \(c.target.action.version) → \(conflict.current.action.version), timeout now \(describeTimeout(conflict.current.timeoutSeconds)))"
        case .failed(let why): return "FAILED    \(who): \(why)"
        case .cancelled: return "CANCELLED \(who): not started"
        }
    }

    public static func summary(_ report: ApplyReport, purpose: Plan.Purpose) -> String {
        let verb = purpose == .rollback ? "restored" : "raised"
        var s = "\(verb) \(report.applied) of \(report.results.count)"
        s += "; \(report.conflicts) conflict(s), \(report.failed) failure(s)"
        if report.skipped > 0 { s += ", \(report.skipped) skipped" }
        if report.cancelled > 0 { s += ", \(report.cancelled) cancelled" }
        if let path = report.backupPath { s += "; backup: \(path)" }
        return s
    }
}
