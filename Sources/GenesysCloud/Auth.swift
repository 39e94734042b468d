import Foundation

// MARK: - Credentials

/// A value that never prints itself: client secrets and tokens.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}

/// How the tool proves who it is.
public enum Credentials: Sendable, Equatable {
    /// OAuth client credentials grant.
    case clientCredentials(id: String, secret: Secret)
    /// A bearer token obtained elsewhere; it cannot be renewed.
    case accessToken(Secret)

    /// Reads `GENESYSCLOUD_OAUTHCLIENT_ID`/`_SECRET`, else `GENESYSCLOUD_ACCESS_TOKEN`.
    public static func fromEnvironment(_ env: [String: String]) throws(GenesysError) -> Credentials {
        let id = env["GENESYSCLOUD_OAUTHCLIENT_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = env["GENESYSCLOUD_OAUTHCLIENT_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        if let id, let secret { return .clientCredentials(id: id, secret: Secret(secret)) }
        if let token = env["GENESYSCLOUD_ACCESS_TOKEN"], !token.isEmpty { return .accessToken(Secret(token)) }
        throw .missingCredentials
    }
}

// MARK: - Token store

/// Holds the access token: logs in on first use, again before expiry and after a 401.
actor TokenStore {
    private let credentials: Credentials
    private let endpoint: OrgEndpoint
    private let transport: any Transport
    private var token: Secret?
    private var expiresAt: ContinuousClock.Instant?
    private var login: Task<(Secret, ContinuousClock.Instant?), any Error>?
    private(set) var loginCount = 0

    init(credentials: Credentials, endpoint: OrgEndpoint, transport: any Transport) {
        self.credentials = credentials
        self.endpoint = endpoint
        self.transport = transport
        if case .accessToken(let t) = credentials { token = t }
    }

    var canRenew: Bool { if case .clientCredentials = credentials { true } else { false } }

    /// A token valid for a while yet; logs in when there is none or it is about to expire.
    func current() async throws -> Secret {
        if let token, expiresAt.map({ ContinuousClock.now < $0 }) ?? true { return token }
        return try await renew()
    }

    /// Drops `stale` (the token a 401 came back for) so the next call logs in again.
    func invalidate(_ stale: Secret) {
        if token == stale, canRenew { token = nil; expiresAt = nil }
    }

    private func renew() async throws -> Secret {
        if let login { return try await login.value.0 }
        guard case .clientCredentials(let id, let secret) = credentials else {
            throw GenesysError.missingCredentials
        }
        let endpoint = self.endpoint, transport = self.transport
        let task = Task { try await Self.requestToken(id: id, secret: secret, endpoint: endpoint, transport: transport) }
        login = task
        defer { login = nil }
        let (token, expiry) = try await task.value
        loginCount += 1
        self.token = token
        self.expiresAt = expiry
        return token
    }

    static func requestToken(id: String, secret: Secret, endpoint: OrgEndpoint, transport: any Transport)
        async throws -> (Secret, ContinuousClock.Instant?)
    {
        let basic = Data("\(id):\(secret.value)".utf8).base64EncodedString()
        let request = HTTPRequest(
            method: "POST", url: endpoint.loginBase.appendingPathComponent("oauth/token"),
            headers: ["Authorization": "Basic \(basic)", "Content-Type": "application/x-www-form-urlencoded",
                      "Accept": "application/json"],
            body: Array("grant_type=client_credentials".utf8))
        let label = "POST /oauth/token"
        let response: HTTPResponse
        do { response = try await transport.send(request) } catch { throw GenesysError.transport(error, request: label) }
        let failure = APIFailure(response: response, request: label)
        switch response.status {
        case 200: break
        case 400, 401: throw GenesysError.unauthorized(failure)
        case 403: throw GenesysError.forbidden(failure, permission: nil)
        default: throw GenesysError.http(failure)
        }
        guard let json = try? JSON.parse(response.body), let access = json["access_token"]?.stringValue, !access.isEmpty
        else { throw GenesysError.invalidResponse("login answer has no access_token", request: label) }
        var expiry: ContinuousClock.Instant?
        if let seconds = json["expires_in"]?.intValue, seconds > 0 {
            // Renew a little early: a tenth of the lifetime, at most five minutes.
            let margin = min(300, max(1, seconds / 10))
            expiry = ContinuousClock.now + .seconds(max(1, seconds - margin))
        }
        return (Secret(access), expiry)
    }
}
