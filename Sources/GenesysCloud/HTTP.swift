import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

// MARK: - Messages

/// One HTTP request, independent of how it is carried.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    /// Header names are stored lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String, url: URL, headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.body = body
    }

    /// Path and query, as sent on the request line.
    public var target: String {
        let path = url.path.isEmpty ? "/" : url.path
        if let query = url.query { return path + "?" + query }
        return path
    }
}

/// One HTTP response.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names are stored lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.body = body
    }

    public subscript(header name: String) -> String? { headers[name.lowercased()] }
    public var correlationID: String? { headers["inin-correlation-id"] }
    public var text: String { String(decoding: body, as: UTF8.self) }
}

// MARK: - Transport

/// Carries requests: URLSession for Genesys Cloud, the simulator in-process for tests and --demo.
public protocol Transport: Sendable {
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}

/// A request that got no HTTP answer.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The connection could not be made (refused, DNS, TLS).
    case cannotConnect(String)
    /// The connection dropped or timed out after the request may have been sent.
    case connectionLost(String)

    public var description: String {
        switch self {
        case .cannotConnect(let why): "cannot connect: \(why)"
        case .connectionLost(let why): "connection lost: \(why)"
        }
    }
}

/// Sends requests with URLSession (HTTPS to Genesys Cloud, or loopback HTTP).
///
/// Writes use a session of their own and `Connection: close`, so a write never rides a reused
/// keep-alive connection. On such a connection, when the server closes it, libcurl (behind URLSession
/// on Linux) silently resends the request on a new one; for a body it cannot rewind it then hangs
/// until the timeout. A silent resend of a write is also what the client's verify-before-retry forbids.
public struct URLSessionTransport: Transport {
    private let session: URLSession
    private let writeSession: URLSession
    private let tracing = ProcessInfo.processInfo.environment["GC_TIMEOUTS_TRACE"] == "1"

    public init(timeoutSeconds: Double = 60) {
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeoutSeconds
        config.httpMaximumConnectionsPerHost = 16
        config.urlCache = nil
        config.httpCookieStorage = nil
        session = URLSession(configuration: config)
        writeSession = URLSession(configuration: config)
    }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let start = ContinuousClock.now
        do {
            let response = try await perform(request)
            trace(request, "\(response.status)", since: start)
            return response
        } catch {
            trace(request, "\(error)", since: start)
            throw error
        }
    }

    /// With GC_TIMEOUTS_TRACE=1, one stderr line per request: method, path, outcome, duration (never headers or bodies).
    private func trace(_ request: HTTPRequest, _ outcome: String, since start: ContinuousClock.Instant) {
        guard tracing else { return }
        let ms = (ContinuousClock.now - start).components
        let elapsed = ms.seconds * 1000 + ms.attoseconds / 1_000_000_000_000_000
        FileHandle.standardError.write(Data("trace: \(request.method) \(request.url.path) → \(outcome) in \(elapsed) ms\n".utf8))
    }

    private func perform(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let isWrite = !["GET", "HEAD"].contains(request.method)
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        if isWrite { urlRequest.setValue("close", forHTTPHeaderField: "Connection") }
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
        do {
            let (data, response) = try await (isWrite ? writeSession : session).data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else {
                throw TransportError.connectionLost("not an HTTP response")
            }
            var headers: [String: String] = [:]
            for (key, value) in http.allHeaderFields {
                if let k = key as? String, let v = value as? String { headers[k.lowercased()] = v }
            }
            return HTTPResponse(status: http.statusCode, headers: headers, body: Array(data))
        } catch let error as TransportError {
            throw error
        } catch let error as URLError {
            let why = error.localizedDescription
            switch error.code {
            case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet,
                .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
                .unsupportedURL, .badURL:
                throw .cannotConnect("\(request.url.host ?? "?"): \(why)")
            default:
                throw .connectionLost("\(request.url.host ?? "?"): \(why)")
            }
        } catch {
            throw .connectionLost("\(request.url.host ?? "?"): \(error.localizedDescription)")
        }
    }
}
