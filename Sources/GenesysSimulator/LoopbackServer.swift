import Foundation
import GenesysCloud

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - Loopback HTTP/1.1 server

/// Serves a simulated org over HTTP/1.1 on 127.0.0.1 (keep-alive, Content-Length bodies).
public final class LoopbackServer: Sendable {
    public let org: SimulatedOrg
    public let port: UInt16
    private let listener: Int32

    /// Why the server could not start.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Binds 127.0.0.1:`port` (0 picks a free port) and starts accepting.
    public init(org: SimulatedOrg, port: UInt16 = 0) throws(StartError) {
        self.org = org
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StartError(description: "cannot create a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            throw StartError(description: "cannot listen on 127.0.0.1:\(port): \(why)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = UInt16(bigEndian: actual.sin_port)
        self.listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "simulator-accept"
        thread.start()
    }

    /// `http://127.0.0.1:PORT`, the base URL for `--region`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Stops accepting new connections.
    public func stop() { shutdown(listener, Int32(SHUT_RDWR)); close(listener) }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let thread = Thread { [org] in
                var connection = Connection(fd: client, org: org)
                connection.serve()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }
}

// MARK: - One connection

private struct Connection {
    let fd: Int32
    let org: SimulatedOrg
    var buffer: [UInt8] = []

    init(fd: Int32, org: SimulatedOrg) {
        self.fd = fd
        self.org = org
    }

    mutating func serve() {
        defer { close(fd) }
        while let request = readRequest() {
            if org.options.latency > .zero {
                let c = org.options.latency.components
                usleep(UInt32(c.seconds * 1_000_000 + c.attoseconds / 1_000_000_000_000))
            }
            switch org.handle(request.message) {
            case .drop: return
            case .respond(let response):
                guard write(response, keepAlive: request.keepAlive) else { return }
                if !request.keepAlive { return }
            }
        }
    }

    mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    mutating func readRequest() -> (message: HTTPRequest, keepAlive: Bool)? {
        let terminator: [UInt8] = [13, 10, 13, 10]
        var headerEnd: Int?
        while headerEnd == nil {
            if let r = firstRange(of: terminator) { headerEnd = r; break }
            if buffer.count > 1 << 20 { return nil }
            guard fill() else { return nil }
        }
        guard let end = headerEnd else { return nil }
        let head = String(decoding: buffer[0..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = end + 4
        // HTTP/1.1 clients (libcurl behind URLSession) may hold the body until told to go on.
        if headers["expect"]?.lowercased() == "100-continue", buffer.count < bodyStart + length {
            let go = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
            _ = go.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        while buffer.count < bodyStart + length { guard fill() else { return nil } }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        let host = headers["host"] ?? "127.0.0.1"
        guard let url = URL(string: "http://\(host)\(requestLine[1])") else { return nil }
        let version = requestLine.count > 2 ? String(requestLine[2]) : "HTTP/1.0"
        let connection = headers["connection"]?.lowercased()
        let keepAlive = version == "HTTP/1.1" ? connection != "close" : connection == "keep-alive"
        return (HTTPRequest(method: String(requestLine[0]), url: url, headers: headers, body: body), keepAlive)
    }

    func firstRange(of pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for i in 0...(buffer.count - pattern.count)
        where buffer[i] == pattern[0] && buffer[i + 1] == pattern[1] && buffer[i + 2] == pattern[2]
            && buffer[i + 3] == pattern[3]
        {
            return i
        }
        return nil
    }

    func write(_ response: HTTPResponse, keepAlive: Bool) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for (name, value) in response.headers where name != "content-length" && name != "connection" {
            head += "\(name): \(value)\r\n"
        }
        head += "content-length: \(response.body.count)\r\n"
        head += "connection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        let bytes = Array(head.utf8) + response.body
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 429: "Too Many Requests"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
