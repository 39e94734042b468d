// MARK: - API errors

/// What a Genesys Cloud error answer said, for messages: status, code, message, correlation id.
public struct APIFailure: Sendable, Equatable, CustomStringConvertible {
    public let status: Int
    public let code: String?
    public let message: String?
    public let correlationID: String?
    /// `METHOD /path` of the request (never its headers or body).
    public let request: String

    public init(status: Int, code: String?, message: String?, correlationID: String?, request: String) {
        self.status = status
        self.code = code
        self.message = message
        self.correlationID = correlationID
        self.request = request
    }

    /// Reads a Genesys error body (`{message, code, status, ...}`); tolerates any other body.
    public init(response: HTTPResponse, request: String) {
        let json = try? JSON.parse(response.body)
        self.init(status: response.status, code: json?["code"]?.stringValue,
                  message: json?["message"]?.stringValue ?? Self.shortText(response),
                  correlationID: response.correlationID, request: request)
    }

    static func shortText(_ response: HTTPResponse) -> String? {
        let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }

    public var description: String {
        var parts = ["HTTP \(status)"]
        if let code { parts.append(code) }
        var text = parts.joined(separator: " ")
        if let message, !message.isEmpty { text += ": \(message)" }
        text += " (\(request)"
        if let correlationID { text += ", correlation id \(correlationID)" }
        return text + ")"
    }
}

/// Everything the client can fail with; each prints as one line without secrets.
public enum GenesysError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No credentials were configured.
    case missingCredentials
    /// The login service refused the credentials, or the API refused the token.
    case unauthorized(APIFailure)
    /// The client lacks a permission; `permission` names it when known.
    case forbidden(APIFailure, permission: String?)
    /// The action or resource does not exist.
    case notFound(APIFailure)
    /// The version sent is no longer current (409, 408, or 400 "does not match the current version").
    case versionConflict(APIFailure)
    /// Rate limited and the wait asked for is longer than allowed.
    case rateLimited(APIFailure, retryAfterSeconds: Int?)
    /// Any other error answer.
    case http(APIFailure)
    /// No answer after retries.
    case transport(TransportError, request: String)
    /// The answer lacks fields the API promises, or is not JSON.
    case invalidResponse(String, request: String)

    public var description: String {
        switch self {
        case .missingCredentials:
            "no credentials: set GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET, or GENESYSCLOUD_ACCESS_TOKEN (or use --demo)"
        case .unauthorized(let f):
            "credentials rejected: \(f); check GENESYSCLOUD_OAUTHCLIENT_ID / GENESYSCLOUD_OAUTHCLIENT_SECRET (or GENESYSCLOUD_ACCESS_TOKEN) and GENESYSCLOUD_REGION"
        case .forbidden(let f, let permission):
            if let permission { "permission denied: the OAuth client needs '\(permission)': \(f)" } else { "permission denied: \(f)" }
        case .notFound(let f): "not found: \(f)"
        case .versionConflict(let f): "version conflict: the action changed on the server: \(f)"
        case .rateLimited(let f, let after):
            if let after { "rate limited: server asked to wait \(after) s, longer than allowed: \(f)" } else { "rate limited: \(f)" }
        case .http(let f): "request failed: \(f)"
        case .transport(let e, let request): "\(e) (\(request))"
        case .invalidResponse(let why, let request): "unexpected answer from Genesys Cloud: \(why) (\(request))"
        }
    }

    /// The HTTP status, when there was an answer.
    public var status: Int? {
        switch self {
        case .unauthorized(let f), .forbidden(let f, _), .notFound(let f), .versionConflict(let f),
            .rateLimited(let f, _), .http(let f):
            f.status
        default: nil
        }
    }
}

extension APIFailure {
    /// The Terraform provider's test for a stale version: 409, 408, or a 400 about the version.
    public var isVersionMismatch: Bool {
        status == 409 || status == 408
            || (status == 400 && (message ?? "").lowercased().contains("does not match the current version"))
    }
}
