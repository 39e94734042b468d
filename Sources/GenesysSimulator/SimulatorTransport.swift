import Foundation
import GenesysCloud

/// Carries requests to a simulated org in-process: no sockets, no network.
public struct SimulatorTransport: Transport {
    public let org: SimulatedOrg

    public init(org: SimulatedOrg) { self.org = org }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        if org.options.latency > .zero { try? await Task.sleep(for: org.options.latency) }
        switch org.handle(request) {
        case .respond(let response): return response
        case .drop: throw .connectionLost("simulated dropped connection")
        }
    }
}

extension SimulatedOrg {
    /// A client that talks to this org in-process, logged in as `clientID` (default: the editing client).
    public func inProcessClient(label: String = "simulated org", clientID: String? = nil, clientSecret: String? = nil,
                                policy: RetryPolicy = RetryPolicy(),
                                onRateLimitWait: (@Sendable (Int) -> Void)? = nil) -> GenesysClient
    {
        // The URL is never dialled: the transport hands requests straight to the org.
        let base = URL(string: "http://127.0.0.1")!
        return GenesysClient(
            endpoint: OrgEndpoint(apiBase: base, loginBase: base, label: label),
            credentials: .clientCredentials(id: clientID ?? options.clientID,
                                            secret: Secret(clientSecret ?? options.clientSecret)),
            transport: SimulatorTransport(org: self), policy: policy, onRateLimitWait: onRateLimitWait)
    }
}
