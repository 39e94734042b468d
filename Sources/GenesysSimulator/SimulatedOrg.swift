import Foundation
import GenesysCloud
import Synchronization

// MARK: - Options

/// How the simulated org behaves.
public struct SimulatorOptions: Sendable {
    public var actions: Int = 60
    public var seed: UInt64 = 1
    public var clientID = "gc-timeouts-demo"
    public var clientSecret = "demo-secret"
    /// A second client that may read but not edit (403 on PATCH).
    public var readOnlyClientID = "gc-timeouts-readonly"
    public var readOnlyClientSecret = "readonly-secret"
    public var tokenTTLSeconds = 86_400
    /// Requests allowed per token per window; nil means unlimited.
    public var rateLimit: (count: Int, windowSeconds: Int)? = nil
    /// Share of API requests that fail: half answer 503, half drop the connection (some after the write landed).
    public var faultRate = 0.0
    /// Added to every answer.
    public var latency: Duration = .zero
    /// Chance that another editor changes an action just before our PATCH of it arrives.
    public var concurrentEditRate = 0.0
    public var maxPageSize = 500

    public init() {}
}

/// What the simulator does with a request: answer it, or drop the connection.
public enum SimulatorOutcome: Sendable {
    case respond(HTTPResponse)
    /// Close the connection without an answer (the request may or may not have been processed).
    case drop
}

// MARK: - State

struct OrgState {
    var order: [String] = []
    var actions: [String: JSON] = [:]
    var templates: [String: String] = [:]
    var functions: [String: JSON] = [:]
    var integrations: [SimIntegration] = []
    var tokens: [String: (canEdit: Bool, expires: ContinuousClock.Instant)] = [:]
    var windows: [String: (start: ContinuousClock.Instant, count: Int)] = [:]
    var counts: [String: Int] = [:]
    var rng: SeededRandom
    var tokenSerial = 0
    /// Actions the concurrent editor has already changed (it changes each one once, as a colleague would).
    var editedByOthers: Set<String> = []
}

/// An in-memory Genesys Cloud org answering the data-action endpoints like the real API.
public final class SimulatedOrg: Sendable {
    public let options: SimulatorOptions
    private let state: Mutex<OrgState>

    /// An org of `actions` actions from `seed`, with any other options set by `configure`.
    public convenience init(actions: Int, seed: UInt64, configure: (inout SimulatorOptions) -> Void = { _ in }) {
        var options = SimulatorOptions()
        options.actions = actions
        options.seed = seed
        configure(&options)
        self.init(options: options)
    }

    public init(options: SimulatorOptions = SimulatorOptions()) {
        self.options = options
        let seed = OrgGenerator.make(count: options.actions, seed: options.seed)
        var s = OrgState(rng: SeededRandom(seed: options.seed ^ 0xF00D))
        s.integrations = seed.integrations
        for action in seed.actions {
            guard let id = action["id"]?.stringValue else { continue }
            s.order.append(id)
            s.actions[id] = action
        }
        s.templates = seed.templates
        s.functions = seed.functions
        state = Mutex(s)
    }

    // MARK: Inspection (tests, benchmarks)

    /// Every stored action (auth and static included), in listing order, templates as stored.
    public func snapshot() -> [JSON] { state.withLock { s in s.order.compactMap { s.actions[$0] } } }

    /// One stored action.
    public func action(_ id: String) -> JSON? { state.withLock { $0.actions[id] } }

    /// The text of a template carried by URI.
    public func template(_ id: String, _ file: TemplateFile) -> String? {
        state.withLock { $0.templates["\(id)/\(file.rawValue)"] }
    }

    /// Requests served, by route (`GET list`, `GET action`, `PATCH action`, `POST token`, ...).
    public func requestCounts() -> [String: Int] { state.withLock { $0.counts } }

    /// Changes an action as another admin would: bumps its version, optionally sets a timeout and renames it.
    @discardableResult
    public func editBehindTheToolsBack(_ id: String, timeoutSeconds: Int?? = nil, rename: Bool = true) -> JSON? {
        state.withLock { s in Self.externalEdit(&s, id: id, timeoutSeconds: timeoutSeconds, rename: rename) }
    }

    static func externalEdit(_ s: inout OrgState, id: String, timeoutSeconds: Int??, rename: Bool) -> JSON? {
        guard var action = s.actions[id], let version = action["version"]?.intValue else { return nil }
        if rename, let name = action["name"]?.stringValue, !name.hasSuffix(" (edited)") {
            action["name"] = .string(name + " (edited)")
        }
        if let timeoutSeconds, var config = action["config"] {
            config["timeoutSeconds"] = timeoutSeconds.map { JSON.int($0) }
            action["config"] = config
        }
        action["version"] = .int(version + 1)
        s.actions[id] = action
        return action
    }

    // MARK: Handling

    /// Answers one request (the transport adds latency and carries drops).
    public func handle(_ request: HTTPRequest) -> SimulatorOutcome {
        let path = request.url.path
        let query = Self.queryItems(request.url)
        if path == "/oauth/token" { return .respond(count("POST token") { login(request) }) }
        if path.hasPrefix("/__sim/") { return .respond(control(request, path: path, query: query)) }
        guard path.hasPrefix("/api/v2/") else { return .respond(Self.error(404, "not.found", "No route for \(path)")) }

        return state.withLock { s -> SimulatorOutcome in
            // Auth first, then the rate budget, then faults, as a gateway would.
            let bearer = request.headers["authorization"].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
            guard let bearer, let token = s.tokens[bearer], token.expires > ContinuousClock.now else {
                return .respond(Self.error(401, "bad.credentials", "Invalid login credentials."))
            }
            var rateHeaders: [String: String] = [:]
            if let limit = options.rateLimit {
                let now = ContinuousClock.now
                var window = s.windows[bearer] ?? (start: now, count: 0)
                if now - window.start >= .seconds(limit.windowSeconds) { window = (start: now, count: 0) }
                let reset = max(1, limit.windowSeconds - Int((now - window.start).components.seconds))
                if window.count >= limit.count {
                    s.counts["429", default: 0] += 1
                    var r = Self.error(429, "too.many.requests",
                                       "Rate limit exceeded the maximum. Retry the request in [\(reset)] seconds")
                    r.headers["retry-after"] = String(reset)
                    r.headers["inin-ratelimit-allowed"] = String(limit.count)
                    r.headers["inin-ratelimit-count"] = String(window.count)
                    r.headers["inin-ratelimit-reset"] = String(reset)
                    return .respond(r)
                }
                window.count += 1
                s.windows[bearer] = window
                rateHeaders = ["inin-ratelimit-allowed": String(limit.count),
                               "inin-ratelimit-count": String(window.count),
                               "inin-ratelimit-reset": String(reset)]
            }
            var dropAfter = false
            if options.faultRate > 0, s.rng.chance(options.faultRate) {
                s.counts["fault", default: 0] += 1
                switch Int.random(in: 0..<3, using: &s.rng) {
                case 0: return .respond(Self.error(503, "service.unavailable", "The service is temporarily unavailable."))
                case 1: return .drop
                default: dropAfter = true
                }
            }
            var response = route(&s, request: request, path: path, query: query, canEdit: token.canEdit)
            for (k, v) in rateHeaders { response.headers[k] = v }
            return dropAfter ? .drop : .respond(response)
        }
    }

    private func count(_ route: String, _ body: () -> HTTPResponse) -> HTTPResponse {
        state.withLock { $0.counts[route, default: 0] += 1 }
        return body()
    }

    // MARK: Login

    private func login(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "POST" else { return Self.error(405, "method.not.allowed", "Use POST") }
        let form = String(decoding: request.body, as: UTF8.self)
        guard form.split(separator: "&").contains("grant_type=client_credentials") else {
            return Self.oauthError(400, "unsupported_grant_type", "grant_type must be client_credentials")
        }
        guard let auth = request.headers["authorization"], auth.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(auth.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) }),
            let colon = decoded.firstIndex(of: ":")
        else { return Self.oauthError(401, "invalid_client", "client authentication failed") }
        let id = String(decoded[..<colon]), secret = String(decoded[decoded.index(after: colon)...])
        let canEdit: Bool
        if id == options.clientID, secret == options.clientSecret {
            canEdit = true
        } else if id == options.readOnlyClientID, secret == options.readOnlyClientSecret {
            canEdit = false
        } else {
            return Self.oauthError(401, "invalid_client", "client authentication failed")
        }
        let token = state.withLock { s -> String in
            s.tokenSerial += 1
            let t = "sim-\(s.tokenSerial)-\(s.rng.hex(24))"
            s.tokens[t] = (canEdit: canEdit, expires: ContinuousClock.now + .seconds(options.tokenTTLSeconds))
            return t
        }
        let body: JSON = ["access_token": .string(token), "token_type": "bearer",
                          "expires_in": .int(options.tokenTTLSeconds)]
        return Self.json(200, body)
    }

    /// Expires every token now, as if their lifetime had run out.
    public func expireAllTokens() {
        state.withLock { s in for key in s.tokens.keys { s.tokens[key]?.expires = ContinuousClock.now } }
    }

    // MARK: Routes

    private func route(_ s: inout OrgState, request: HTTPRequest, path: String, query: [String: String],
                       canEdit: Bool) -> HTTPResponse
    {
        if path == "/api/v2/integrations", request.method == "GET" {
            s.counts["GET integrations", default: 0] += 1
            return integrations(s, query: query)
        }
        let prefix = "/api/v2/integrations/actions"
        guard path == prefix || path.hasPrefix(prefix + "/") else {
            return Self.error(404, "not.found", "No route for \(path)")
        }
        let rest = path.dropFirst(prefix.count).split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
        switch (request.method, rest.count) {
        case ("GET", 0):
            s.counts["GET list", default: 0] += 1
            return list(s, query: query)
        case ("GET", 1):
            s.counts["GET action", default: 0] += 1
            guard let action = s.actions[rest[0]] else { return Self.missing(rest[0]) }
            return Self.json(200, query["includeConfig"] == "true" ? action : Self.withoutConfig(action))
        case ("PATCH", 1):
            s.counts["PATCH action", default: 0] += 1
            guard canEdit else {
                return Self.error(403, "missing.permissions",
                                  "Unable to perform the requested action. You are missing the following permission(s): [integrations:action:edit]")
            }
            return patch(&s, id: rest[0], body: request.body)
        case ("GET", 3) where rest[1] == "templates":
            s.counts["GET template", default: 0] += 1
            guard let action = s.actions[rest[0]] else { return Self.missing(rest[0]) }
            guard let file = TemplateFile(rawValue: rest[2]) else {
                return Self.error(404, "not.found", "Template \(rest[2]) not found")
            }
            let key = file == .request ? ("request", "requestTemplate") : ("response", "successTemplate")
            let text = action["config"]?[key.0]?[key.1]?.stringValue ?? s.templates["\(rest[0])/\(file.rawValue)"]
            guard let text else { return Self.error(404, "not.found", "Template \(file.rawValue) not found") }
            return HTTPResponse(status: 200, headers: ["content-type": "text/plain; charset=UTF-8"] + Self.correlation(),
                                body: Array(text.utf8))
        case ("GET", 2) where rest[1] == "function":
            s.counts["GET function", default: 0] += 1
            guard s.actions[rest[0]] != nil else { return Self.missing(rest[0]) }
            guard let fn = s.functions[rest[0]] else {
                return Self.error(404, "not.found", "Action \(rest[0]) is not a function data action")
            }
            return Self.json(200, fn)
        default:
            return Self.error(404, "not.found", "No route for \(request.method) \(path)")
        }
    }

    private func list(_ s: OrgState, query: [String: String]) -> HTTPResponse {
        let pageSize = query["pageSize"].map { Int($0) } ?? 25
        let pageNumber = query["pageNumber"].map { Int($0) } ?? 1
        guard let pageSize, (1...options.maxPageSize).contains(pageSize) else {
            return Self.error(400, "bad.request", "pageSize must be between 1 and \(options.maxPageSize)")
        }
        guard let pageNumber, pageNumber >= 1 else {
            return Self.error(400, "bad.request", "pageNumber must be 1 or more")
        }
        let includeAuth = query["includeAuthActions"] == "true"
        let includeConfig = query["includeConfig"] == "true"
        var ids = includeAuth ? s.order : s.order.filter { !$0.hasPrefix("customAuth_-_") }
        if let wanted = query["ids"] {
            let set = Set(wanted.split(separator: ",").map(String.init))
            guard set.count <= 50 else { return Self.error(400, "bad.request", "ids accepts at most 50 ids") }
            ids = ids.filter { set.contains($0) }
        }
        let total = ids.count
        let pageCount = max(1, (total + pageSize - 1) / pageSize)
        let start = min(total, (pageNumber - 1) * pageSize)
        let end = min(total, start + pageSize)
        let entities = ids[start..<end].compactMap { s.actions[$0] }.map { includeConfig ? $0 : Self.withoutConfig($0) }
        func uri(_ n: Int) -> JSON {
            var q = "pageSize=\(pageSize)&pageNumber=\(n)"
            if includeConfig { q += "&includeConfig=true" }
            if includeAuth { q += "&includeAuthActions=true" }
            return .string("/api/v2/integrations/actions?\(q)")
        }
        var body: JSONObject = ["entities": .array(entities), "pageSize": .int(pageSize),
                                "pageNumber": .int(pageNumber), "total": .int(total)]
        body["firstUri"] = uri(1)
        body["selfUri"] = uri(pageNumber)
        if pageNumber < pageCount { body["nextUri"] = uri(pageNumber + 1) }
        if pageNumber > 1 { body["previousUri"] = uri(pageNumber - 1) }
        body["lastUri"] = uri(pageCount)
        body["pageCount"] = .int(pageCount)
        return Self.json(200, .object(body))
    }

    private func integrations(_ s: OrgState, query: [String: String]) -> HTTPResponse {
        let pageSize = Int(query["pageSize"] ?? "25") ?? 25
        let pageNumber = Int(query["pageNumber"] ?? "1") ?? 1
        guard (1...options.maxPageSize).contains(pageSize), pageNumber >= 1 else {
            return Self.error(400, "bad.request", "pageSize must be between 1 and \(options.maxPageSize)")
        }
        let all = s.integrations
        let start = min(all.count, (pageNumber - 1) * pageSize), end = min(all.count, start + pageSize)
        let entities: [JSON] = all[start..<end].map { i in
            ["id": .string(i.id), "name": .string(i.name),
             "integrationType": ["id": .string(i.typeID), "selfUri": .string("/api/v2/integrations/types/\(i.typeID)")],
             "intendedState": "ENABLED", "selfUri": .string("/api/v2/integrations/\(i.id)")]
        }
        return Self.json(200, ["entities": .array(entities), "pageSize": .int(pageSize), "pageNumber": .int(pageNumber),
                               "total": .int(all.count), "pageCount": .int(max(1, (all.count + pageSize - 1) / pageSize))])
    }

    private func patch(_ s: inout OrgState, id: String, body: [UInt8]) -> HTTPResponse {
        guard s.actions[id] != nil else { return Self.missing(id) }
        if options.concurrentEditRate > 0, !s.editedByOthers.contains(id), s.rng.chance(options.concurrentEditRate) {
            s.editedByOthers.insert(id)
            s.counts["concurrent edit", default: 0] += 1
            _ = Self.externalEdit(&s, id: id, timeoutSeconds: nil, rename: true)
        }
        guard var action = s.actions[id], let current = action["version"]?.intValue else { return Self.missing(id) }
        guard let input = try? JSON.parse(body), input.objectValue != nil else {
            return Self.error(400, "bad.request", "The request body could not be parsed as UpdateActionInput")
        }
        guard let version = input["version"]?.intValue else {
            return Self.error(400, "bad.request", "version is required")
        }
        if id.hasPrefix("static") {
            return Self.error(400, "bad.request", "Static actions cannot be modified")
        }
        guard version == current else {
            return Self.error(409, "conflict",
                              "The version supplied (\(version)) does not match the current version (\(current)) of the action.")
        }
        if let config = input["config"], !config.isNull {
            guard config.objectValue != nil else { return Self.error(400, "bad.request", "config must be an object") }
            if let t = config["timeoutSeconds"], !t.isNull {
                if id.hasPrefix("customAuth_-_") {
                    return Self.error(400, "bad.request",
                                      "timeoutSeconds is invalid for Custom Authentication Actions")
                }
                guard let seconds = t.intValue, (1...60).contains(seconds) else {
                    return Self.error(400, "bad.request", "timeoutSeconds must be an integer between 1 and 60")
                }
            }
            // The config is replaced: a template that is neither inline nor re-sent is lost.
            for file in TemplateFile.allCases {
                let key = file == .request ? ("request", "requestTemplate") : ("response", "successTemplate")
                if let inline = config[key.0]?[key.1]?.stringValue {
                    s.templates["\(id)/\(file.rawValue)"] = inline
                } else {
                    s.templates["\(id)/\(file.rawValue)"] = nil
                }
            }
            action["config"] = config
        }
        if let name = input["name"]?.stringValue { action["name"] = .string(name) }
        if let category = input["category"]?.stringValue { action["category"] = .string(category) }
        action["version"] = .int(current + 1)
        s.actions[id] = action
        return Self.json(200, action)
    }

    // MARK: Control routes (loopback only, never part of the Genesys API)

    private func control(_ request: HTTPRequest, path: String, query: [String: String]) -> HTTPResponse {
        switch (request.method, path) {
        case ("GET", "/__sim/state"):
            let (templates, functions) = state.withLock { ($0.templates, $0.functions) }
            let body: JSON = ["actions": .array(snapshot()),
                              "functionTimeouts": .object(JSONObject(functions.sorted { $0.key < $1.key }.map {
                                  ($0.key, $0.value["function"]?["timeoutSeconds"] ?? .null) })),
                              "templates": .object(JSONObject(templates.sorted { $0.key < $1.key }
                                  .map { ($0.key, JSON.string($0.value)) }))]
            return Self.json(200, body)
        case ("GET", "/__sim/stats"):
            let counts = requestCounts().sorted { $0.key < $1.key }.map { ($0.key, JSON.int($0.value)) }
            return Self.json(200, .object(JSONObject(counts)))
        case ("POST", "/__sim/edit"):
            guard let id = query["id"] else { return Self.error(400, "bad.request", "id is required") }
            var timeout: Int?? = nil
            if let raw = query["timeoutSeconds"] {
                if raw == "unset" {
                    timeout = .some(nil)
                } else if let seconds = Int(raw) {
                    timeout = .some(seconds)
                } else {
                    return Self.error(400, "bad.request", "timeoutSeconds must be a whole number or 'unset'")
                }
            }
            guard let edited = editBehindTheToolsBack(id, timeoutSeconds: timeout) else { return Self.missing(id) }
            return Self.json(200, edited)
        case ("POST", "/__sim/expire-tokens"):
            expireAllTokens()
            return Self.json(200, ["expired": true])
        default:
            return Self.error(404, "not.found", "No control route \(path)")
        }
    }

    // MARK: Answers

    static func withoutConfig(_ action: JSON) -> JSON {
        var a = action
        a["config"] = nil
        return a
    }

    static func correlation() -> [String: String] { ["inin-correlation-id": UUID().uuidString.lowercased()] }

    static func json(_ status: Int, _ body: JSON) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["content-type": "application/json"] + correlation(), body: body.data)
    }

    static func error(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        let id = UUID().uuidString.lowercased()
        let body: JSON = ["message": .string(message), "code": .string(code), "status": .int(status),
                          "messageParams": [:], "contextId": .string(id), "details": [], "errors": []]
        var r = json(status, body)
        r.headers["inin-correlation-id"] = id
        return r
    }

    static func oauthError(_ status: Int, _ code: String, _ description: String) -> HTTPResponse {
        json(status, ["error": .string(code), "description": .string(description),
                      "error_description": .string(description)])
    }

    static func missing(_ id: String) -> HTTPResponse {
        error(404, "not.found", "Action \(id) not found")
    }

    static func queryItems(_ url: URL) -> [String: String] {
        let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
    }
}

extension Dictionary where Key == String, Value == String {
    static func + (lhs: Self, rhs: Self) -> Self { lhs.merging(rhs) { $1 } }
}
