import Foundation

// MARK: - Client

/// Talks to the Genesys Cloud Platform API: auth, retries, rate limits, endpoints.
///
/// It knows the API, not the timeout policy: callers decide what to change.
public final class GenesysClient: Sendable {
    public let endpoint: OrgEndpoint
    public let policy: RetryPolicy
    private let transport: any Transport
    private let tokens: TokenStore
    private let limiter: RateLimiter
    private let onRateLimitWait: (@Sendable (Int) -> Void)?

    /// `onRateLimitWait` hears, in seconds, each time requests are held for the org's rate limit.
    public init(endpoint: OrgEndpoint, credentials: Credentials, transport: any Transport,
                policy: RetryPolicy = RetryPolicy(), onRateLimitWait: (@Sendable (Int) -> Void)? = nil)
    {
        self.endpoint = endpoint
        self.policy = policy
        self.transport = transport
        self.onRateLimitWait = onRateLimitWait
        tokens = TokenStore(credentials: credentials, endpoint: endpoint, transport: transport)
        limiter = RateLimiter(sleep: policy.sleep, maxWaitSeconds: policy.maxRetryAfterSeconds)
    }

    /// How many times the client has logged in (for tests of token renewal).
    public var loginCount: Int { get async { await tokens.loginCount } }

    // MARK: Endpoints

    /// One page of actions, with their config.
    public func listActions(pageNumber: Int, pageSize: Int, includeAuthActions: Bool = false, ids: [String]? = nil)
        async throws(GenesysError) -> ActionPage
    {
        var query = [("pageSize", String(pageSize)), ("pageNumber", String(pageNumber)), ("includeConfig", "true")]
        if includeAuthActions { query.append(("includeAuthActions", "true")) }
        if let ids { query.append(("ids", ids.joined(separator: ","))) }
        let (json, label) = try await getJSON("/api/v2/integrations/actions", query: query)
        return try ActionPage(json: json, request: label)
    }

    /// One page of integrations (`GET /api/v2/integrations`): ids, names and `integrationType.id`.
    public func listIntegrations(pageNumber: Int, pageSize: Int) async throws(GenesysError) -> (entities: [JSON], pageCount: Int) {
        let query = [("pageSize", String(pageSize)), ("pageNumber", String(pageNumber))]
        let (json, label) = try await getJSON("/api/v2/integrations", query: query)
        guard let entities = json["entities"]?.arrayValue else {
            throw .invalidResponse("the integration list has no entities", request: label)
        }
        return (entities, json["pageCount"]?.intValue ?? 1)
    }

    /// The API's limit on `ids` per list request.
    public static let maxIDsPerRequest = 50

    /// Reads the named actions (auth actions included), `maxIDsPerRequest` per request; missing ones are absent.
    public func actions(ids: [String]) async throws(GenesysError) -> [Action] {
        var out: [Action] = []
        var start = 0
        while start < ids.count {
            let batch = Array(ids[start..<min(ids.count, start + Self.maxIDsPerRequest)])
            out += try await listActions(pageNumber: 1, pageSize: batch.count, includeAuthActions: true, ids: batch).actions
            start += batch.count
        }
        return out
    }

    /// One action, with its config.
    public func action(id: String) async throws(GenesysError) -> Action {
        let (json, label) = try await getJSON(Self.actionPath(id), query: [("includeConfig", "true")])
        return try Action(raw: json, request: label)
    }

    /// The text of a template file carried by URI.
    public func template(actionID: String, file: TemplateFile) async throws(GenesysError) -> String {
        let path = Self.actionPath(actionID) + "/templates/" + file.rawValue
        let response = try await send("GET", path, query: [], body: nil, isWrite: false)
        return response.text
    }

    /// The function configuration of a function data action (`FunctionConfig`).
    public func functionConfig(actionID: String) async throws(GenesysError) -> JSON {
        try await getJSON(Self.actionPath(actionID) + "/function", query: []).0
    }

    /// Changes a published action (`PATCH`, `UpdateActionInput`); `version` must be the current one.
    ///
    /// When the answer is lost, the action is read back before anything is resent: a write that
    /// landed is returned, one that did not is retried, and someone else's change is a conflict.
    public func updateAction(id: String, name: String?, category: String?, version: Int, config: JSON)
        async throws(GenesysError) -> Action
    {
        var body = JSONObject()
        if let name { body["name"] = .string(name) }
        if let category { body["category"] = .string(category) }
        body["config"] = config
        body["version"] = .int(version)
        let path = Self.actionPath(id)
        var attempt = 0
        while true {
            attempt += 1
            do throws(GenesysError) {
                let response = try await send("PATCH", path, query: [], body: .object(body), isWrite: true)
                let label = "PATCH \(path)"
                guard let json = try? JSON.parse(response.body) else {
                    throw GenesysError.invalidResponse("the update answer is not JSON", request: label)
                }
                return try Action(raw: json, request: label)
            } catch where Self.answerLost(error) && attempt < policy.maxAttempts {
                // Did the write land? Ask before resending.
                let current = try await action(id: id)
                if current.version > version {
                    if current.timeoutSeconds == config["timeoutSeconds"]?.intValue { return current }
                    throw .versionConflict(APIFailure(
                        status: 409, code: "version.mismatch",
                        message: "action changed to version \(current.version) while the answer to our update was lost",
                        correlationID: nil, request: "PATCH \(path)"))
                }
                try? await policy.sleep(policy.backoff(attempt: attempt))
            }
        }
    }

    static func answerLost(_ error: GenesysError) -> Bool {
        switch error {
        case .transport(.connectionLost, _): true
        case .http(let f): [500, 502, 503, 504].contains(f.status)
        default: false
        }
    }

    static func actionPath(_ id: String) -> String {
        let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
        return "/api/v2/integrations/actions/" + (id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id)
    }

    // MARK: Sending

    private func getJSON(_ path: String, query: [(String, String)]) async throws(GenesysError) -> (JSON, String) {
        let response = try await send("GET", path, query: query, body: nil, isWrite: false)
        let label = "GET \(path)"
        do { return (try JSON.parse(response.body), label) } catch {
            throw .invalidResponse("the answer is not JSON (\(error))", request: label)
        }
    }

    /// Sends one request with auth, pacing and the retry policy; returns a 2xx answer or throws.
    func send(_ method: String, _ path: String, query: [(String, String)], body: JSON?, isWrite: Bool)
        async throws(GenesysError) -> HTTPResponse
    {
        let label = "\(method) \(path)"
        let url = makeURL(path: path, query: query)
        var attempt = 0, rateLimitWaits = 0, renewed = false
        while true {
            attempt += 1
            let token: Secret
            do {
                try await limiter.waitTurn()
                token = try await tokens.current()
            } catch let error as GenesysError { throw error } catch {
                throw .transport(.connectionLost("cancelled"), request: label)
            }
            var headers = ["Authorization": "Bearer \(token.value)", "Accept": "application/json",
                           "User-Agent": "gc-timeouts"]
            if body != nil { headers["Content-Type"] = "application/json" }
            let request = HTTPRequest(method: method, url: url, headers: headers, body: body?.data ?? [])
            let response: HTTPResponse
            do {
                response = try await transport.send(request)
            } catch {
                // A refused connection never reached the server, so even a write may be resent.
                let resendable = !isWrite || error.isCannotConnect
                if resendable, attempt < policy.maxAttempts {
                    try? await policy.sleep(policy.backoff(attempt: attempt))
                    continue
                }
                throw .transport(error, request: label)
            }
            if let held = await limiter.observe(response) { onRateLimitWait?(held) }
            if (200..<300).contains(response.status) { return response }
            let failure = APIFailure(response: response, request: label)
            switch response.status {
            case 401:
                if !renewed, await tokens.canRenew {
                    renewed = true
                    await tokens.invalidate(token)
                    continue
                }
                throw .unauthorized(failure)
            case 403:
                throw .forbidden(failure, permission: Self.permission(method: method, path: path))
            case 404:
                throw .notFound(failure)
            case 429:
                let after = response[header: "retry-after"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 1
                rateLimitWaits += 1
                guard after <= policy.maxRetryAfterSeconds, rateLimitWaits <= policy.maxRateLimitWaits else {
                    throw .rateLimited(failure, retryAfterSeconds: after)
                }
                await limiter.pause(seconds: max(after, 1))
                onRateLimitWait?(max(after, 1))
                attempt -= 1  // a 429 was not processed; it does not use up an attempt
                continue
            case _ where isWrite && failure.isVersionMismatch:
                throw .versionConflict(failure)
            case 500...599 where !isWrite && attempt < policy.maxAttempts:
                try? await policy.sleep(policy.backoff(attempt: attempt))
                continue
            default:
                throw .http(failure)
            }
        }
    }

    private func makeURL(path: String, query: [(String, String)]) -> URL {
        var components = URLComponents(url: endpoint.apiBase, resolvingAgainstBaseURL: false)
            ?? URLComponents()
        components.percentEncodedPath = (components.percentEncodedPath == "/" ? "" : components.percentEncodedPath) + path
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        return components.url ?? endpoint.apiBase
    }

    /// The permission a 403 on this request most likely lacks.
    static func permission(method: String, path: String) -> String {
        if path.hasSuffix("/function") { return "integrations:actionFunction:view" }
        if path == "/api/v2/integrations" { return "integrations:integration:view" }
        return method == "GET" ? "integrations:action:view" : "integrations:action:edit"
    }
}

extension TransportError {
    var isCannotConnect: Bool { if case .cannotConnect = self { true } else { false } }
}
