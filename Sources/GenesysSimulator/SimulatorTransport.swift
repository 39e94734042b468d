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
