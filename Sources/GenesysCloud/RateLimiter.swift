// MARK: - Rate limiting

/// Shares the org's rate budget among concurrent requests.
///
/// It reads `inin-ratelimit-allowed/count/reset` on every answer and holds new requests when the
/// budget is spent, and holds everyone for `Retry-After` after a 429, so workers back off together.
actor RateLimiter {
    private var resumeAt: ContinuousClock.Instant?
    private let sleep: Sleeper

    private let maxWaitSeconds: Int

    init(sleep: @escaping Sleeper, maxWaitSeconds: Int) {
        self.sleep = sleep
        self.maxWaitSeconds = maxWaitSeconds
    }

    /// Waits until the budget allows another request.
    func waitTurn() async throws {
        while let until = resumeAt, until > ContinuousClock.now {
            try await sleep(until - ContinuousClock.now)
        }
    }

    /// Pauses everyone for `seconds`.
    func pause(seconds: Int) {
        let until = ContinuousClock.now + .seconds(seconds)
        if resumeAt.map({ $0 < until }) ?? true { resumeAt = until }
    }

    /// Learns the budget from an answer's headers; returns the seconds it now holds requests, if any.
    /// A reset longer than the cap is left to the server's 429.
    func observe(_ response: HTTPResponse) -> Int? {
        guard let allowed = response[header: "inin-ratelimit-allowed"].flatMap({ Int($0) }),
            let count = response[header: "inin-ratelimit-count"].flatMap({ Int($0) }),
            let reset = response[header: "inin-ratelimit-reset"].flatMap({ Int($0) }),
            allowed > 0, count >= allowed - 1, reset > 0, reset <= maxWaitSeconds
        else { return nil }
        pause(seconds: reset)
        return reset
    }
}

/// Waits for a duration; tests pass one that records instead of sleeping.
public typealias Sleeper = @Sendable (Duration) async throws -> Void

// MARK: - Retry policy

/// The one place that says how often and how long to retry.
public struct RetryPolicy: Sendable {
    /// Attempts for a read (or an unsent write) that failed with 5xx or a dropped connection.
    public var maxAttempts: Int
    /// First backoff; doubles each attempt, with jitter, up to `maxBackoff`.
    public var baseBackoff: Duration
    public var maxBackoff: Duration
    /// Longest `Retry-After` honoured; a longer one fails the item with a clear reason.
    public var maxRetryAfterSeconds: Int
    /// How many 429s in a row one request may wait out.
    public var maxRateLimitWaits: Int
    public var sleep: Sleeper

    public init(maxAttempts: Int = 4, baseBackoff: Duration = .milliseconds(250), maxBackoff: Duration = .seconds(8),
                maxRetryAfterSeconds: Int = 60, maxRateLimitWaits: Int = 10,
                sleep: @escaping Sleeper = { try await Task.sleep(for: $0) })
    {
        self.maxAttempts = maxAttempts
        self.baseBackoff = baseBackoff
        self.maxBackoff = maxBackoff
        self.maxRetryAfterSeconds = maxRetryAfterSeconds
        self.maxRateLimitWaits = maxRateLimitWaits
        self.sleep = sleep
    }

    /// Exponential backoff with full jitter for attempt `n` (1-based).
    func backoff(attempt n: Int) -> Duration {
        let exponent = min(n - 1, 16)
        let ceiling = min(baseBackoff * (1 << exponent), maxBackoff)
        let ns = ceiling.components.seconds * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000
        return .nanoseconds(Int64.random(in: (ns / 2)...max(ns / 2, ns)))
    }
}
