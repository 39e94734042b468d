import Foundation

// MARK: - Regions

/// Where an org lives: the API base URL and the login base URL.
public struct OrgEndpoint: Sendable, Equatable, CustomStringConvertible {
    public let apiBase: URL
    public let loginBase: URL
    /// The name the user gave, for headers and messages (`eu-west-1`, `mypurecloud.ie`, a URL).
    public let label: String

    public init(apiBase: URL, loginBase: URL, label: String) {
        self.apiBase = apiBase
        self.loginBase = loginBase
        self.label = label
    }

    public var description: String { label }
}

/// Why a `--region` value was refused.
public enum RegionError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknown(String)
    case insecure(String)
    case malformed(String)

    public var description: String {
        switch self {
        case .unknown(let value):
            "unknown region '\(value)'; valid names: \(Region.names.joined(separator: ", ")) (or a domain such as mypurecloud.ie, or a base URL)"
        case .insecure(let value):
            "refusing plain http to '\(value)': http:// is allowed only to loopback (127.0.0.1, localhost, ::1); use https://"
        case .malformed(let value):
            "cannot read region '\(value)': give a region name (us-east-1), a domain (mypurecloud.ie) or a base URL (https://...)"
        }
    }
}

/// Genesys Cloud regions, as the Terraform provider maps them (`getRegionMap`).
public enum Region {
    public static let domains: [(name: String, domain: String)] = [
        ("us-east-1", "mypurecloud.com"),
        ("us-east-2", "use2.us-gov-pure.cloud"),
        ("us-west-2", "usw2.pure.cloud"),
        ("ca-central-1", "cac1.pure.cloud"),
        ("sa-east-1", "sae1.pure.cloud"),
        ("mx-central-1", "mxc1.pure.cloud"),
        ("eu-west-1", "mypurecloud.ie"),
        ("eu-west-2", "euw2.pure.cloud"),
        ("eu-central-1", "mypurecloud.de"),
        ("eu-central-2", "euc2.pure.cloud"),
        ("eusc-de-east-1", "edee1.eusc-pure.cloud"),
        ("me-central-1", "mec1.pure.cloud"),
        ("ap-south-1", "aps1.pure.cloud"),
        ("ap-northeast-1", "mypurecloud.jp"),
        ("ap-northeast-2", "apne2.pure.cloud"),
        ("ap-northeast-3", "apne3.pure.cloud"),
        ("ap-southeast-1", "apse1.pure.cloud"),
        ("ap-southeast-2", "mypurecloud.com.au"),
    ]

    public static var names: [String] { domains.map(\.name) }

    /// Resolves a region name, a bare domain, or a base URL.
    public static func resolve(_ raw: String) throws(RegionError) -> OrgEndpoint {
        let value = raw.trimmingCharacters(in: .whitespaces)
        if value.contains("://") { return try resolveURL(value) }
        let lower = value.lowercased()
        if let match = domains.first(where: { $0.name == lower }) {
            return endpoint(domain: match.domain, label: match.name)
        }
        var domain = lower
        for prefix in ["api.", "login."] where domain.hasPrefix(prefix) { domain.removeFirst(prefix.count) }
        if let match = domains.first(where: { $0.domain == domain }) {
            return endpoint(domain: match.domain, label: match.name)
        }
        throw .unknown(value)
    }

    static func endpoint(domain: String, label: String) -> OrgEndpoint {
        // Both literals are valid URLs for any domain in the table.
        OrgEndpoint(apiBase: URL(string: "https://api.\(domain)")!,
                    loginBase: URL(string: "https://login.\(domain)")!, label: label)
    }

    static func resolveURL(_ value: String) throws(RegionError) -> OrgEndpoint {
        var trimmed = value
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(),
            let host = url.host, !host.isEmpty, url.query == nil
        else { throw .malformed(value) }
        switch scheme {
        case "https": break
        case "http": guard isLoopback(host) else { throw .insecure(value) }
        default: throw .malformed(value)
        }
        return OrgEndpoint(apiBase: url, loginBase: url, label: trimmed)
    }

    /// True for 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { UInt8($0) != nil }
    }
}
