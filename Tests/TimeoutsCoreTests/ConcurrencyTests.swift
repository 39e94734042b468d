import GenesysCloud
import Synchronization
import Testing

@testable import TimeoutsCore

@Suite struct ConcurrencyTests {
    @Test func resultsKeepTheItemsOrderAndInFlightStaysBounded() async {
        let inFlight = Mutex((now: 0, most: 0))
        let out = await concurrentMap(Array(0..<40), limit: 3) { n -> Int in
            inFlight.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
            try? await Task.sleep(for: .milliseconds(Int.random(in: 1...5)))
            inFlight.withLock { $0.now -= 1 }
            return n * 2
        }
        #expect(out == (0..<40).map { $0 * 2 })
        #expect(inFlight.withLock { $0.most } == 3)
    }

    @Test func afterTheFirstFailureNoNewItemStarts() async {
        let started = Mutex(0)
        let failure = GenesysError.http(APIFailure(status: 500, code: nil, message: "item 5", correlationID: nil, request: "GET /x"))
        do {
            _ = try await forEachConcurrently(Array(0..<200), limit: 4) { n throws(GenesysError) -> Int in
                started.withLock { $0 += 1 }
                try? await Task.sleep(for: .milliseconds(2))
                if n == 5 { throw failure }
                return n
            } onResult: { _ in }
            Issue.record("the failure was not thrown")
        } catch {
            #expect(error == failure)
        }
        #expect(started.withLock { $0 } < 20, "a failure on item 5 must not start the other 190-odd requests")
    }
}
