import GenesysCloud

// MARK: - Scan

/// Progress of a scan, for progress lines and the TUI's loading screen.
public struct ScanProgress: Sendable, Equatable {
    public var pagesDone: Int
    public var pageCount: Int
    public var actionsFetched: Int
    public var actionsTotal: Int
}

/// How to read the org.
public struct ScanOptions: Sendable {
    public var pageSize = 100
    public var includeAuthActions = false
    public var concurrency = 4
    public init(pageSize: Int = 100, includeAuthActions: Bool = false, concurrency: Int = 4) {
        self.pageSize = pageSize
        self.includeAuthActions = includeAuthActions
        self.concurrency = concurrency
    }
}

/// Everything a scan read, in the server's listing order.
public struct Inventory: Sendable {
    public var actions: [ScannedAction]
    /// Non-fatal problems met on the way (e.g. no permission to read integrations).
    public var warnings: [String]
}

/// Reads every action of the org: every page, with config; function timeouts for function actions.
public struct Scanner: Sendable {
    public let client: GenesysClient
    public let options: ScanOptions

    public init(client: GenesysClient, options: ScanOptions = ScanOptions()) {
        self.client = client
        self.options = options
    }

    public func scan(progress: @escaping @Sendable (ScanProgress) -> Void = { _ in }) async throws(GenesysError)
        -> Inventory
    {
        var warnings: [String] = []
        // Integration types tell function actions apart; without the permission, say so and go on.
        var integrations: [String: (name: String, type: String?)] = [:]
        do throws(GenesysError) {
            integrations = try await readIntegrations()
        } catch .forbidden(_, let permission) {
            warnings.append("cannot read integrations (needs \(permission ?? "integrations:integration:view")): function actions are not recognised")
        }

        let first = try await client.listActions(pageNumber: 1, pageSize: options.pageSize,
                                                 includeAuthActions: options.includeAuthActions)
        var pages: [Int: [Action]] = [1: first.actions]
        var state = ScanProgress(pagesDone: 1, pageCount: first.pageCount, actionsFetched: first.actions.count,
                                 actionsTotal: first.total)
        progress(state)
        if first.pageCount > 1 {
            let remaining = Array(2...first.pageCount)
            let results = try await forEachConcurrently(remaining, limit: options.concurrency) { n throws(GenesysError) in
                (n, try await client.listActions(pageNumber: n, pageSize: options.pageSize,
                                                 includeAuthActions: options.includeAuthActions))
            } onResult: { (result: (Int, ActionPage)) in
                state.pagesDone += 1
                state.actionsFetched += result.1.actions.count
                progress(state)
            }
            for (n, page) in results { pages[n] = page.actions }
        }
        // Pages can shift while they are read (actions added or deleted): keep the first copy of each id.
        var seen = Set<String>()
        var actions: [Action] = []
        actions.reserveCapacity(state.actionsFetched)
        for n in pages.keys.sorted() {
            for action in pages[n] ?? [] where seen.insert(action.id).inserted { actions.append(action) }
        }

        let functionIDs = actions.filter {
            ActionKind.classify(id: $0.id, integrationType: integrations[$0.integrationID]?.type) == .function
        }.map(\.id)
        let functionTimeouts = try await readFunctionTimeouts(functionIDs, warnings: &warnings)

        let scanned = actions.map { action in
            let info = integrations[action.integrationID]
            let kind = ActionKind.classify(id: action.id, integrationType: info?.type)
            return ScannedAction(action: action, kind: kind, integrationName: info?.name ?? action.category,
                                 functionTimeoutSeconds: kind == .function ? functionTimeouts[action.id] : nil)
        }
        return Inventory(actions: scanned, warnings: warnings)
    }

    /// The current state of the actions a backup holds: ceil(k/50) list requests by id, auth actions included.
    public func current(of backup: Backup) async throws(GenesysError) -> [ScannedAction] {
        try await client.actions(ids: backup.entries.map(\.id)).map(ScannedAction.init(unscanned:))
    }

    func readIntegrations() async throws(GenesysError) -> [String: (name: String, type: String?)] {
        var result: [String: (name: String, type: String?)] = [:]
        var page = 1, pageCount = 1
        repeat {
            let listing = try await client.listIntegrations(pageNumber: page, pageSize: 100)
            for entity in listing.entities {
                guard let id = entity["id"]?.stringValue else { continue }
                result[id] = (entity["name"]?.stringValue ?? id, entity["integrationType"]?["id"]?.stringValue)
            }
            pageCount = listing.pageCount
            page += 1
        } while page <= pageCount
        return result
    }

    func readFunctionTimeouts(_ ids: [String], warnings: inout [String]) async throws(GenesysError) -> [String: Int] {
        guard !ids.isEmpty else { return [:] }
        let pairs = try await forEachConcurrently(ids, limit: options.concurrency) { id throws(GenesysError) -> (String, Int?) in
            do throws(GenesysError) {
                let config = try await client.functionConfig(actionID: id)
                return (id, config["function"]?["timeoutSeconds"]?.intValue ?? TimeoutLimits.functionDefault)
            } catch .notFound {
                return (id, nil)
            } catch .forbidden {
                return (id, nil)
            }
        } onResult: { _ in }
        let found = pairs.compactMap { pair in pair.1.map { (pair.0, $0) } }
        if found.count < ids.count {
            warnings.append("function timeout unknown for \(ids.count - found.count) function action(s) (needs integrations:actionFunction:view)")
        }
        return Dictionary(found, uniquingKeysWith: { a, _ in a })
    }
}
