import Foundation
import GenesysSimulator
import Synchronization
import Testing

@testable import GenesysCloud

/// A client wired to an in-process simulated org.
func makeClient(_ org: SimulatedOrg, id: String? = nil, secret: String? = nil,
                policy: RetryPolicy = RetryPolicy(baseBackoff: .milliseconds(1), maxBackoff: .milliseconds(5))) -> GenesysClient
{
    org.inProcessClient(clientID: id, clientSecret: secret, policy: policy)
}

func org(actions: Int = 60, seed: UInt64 = 7, _ tweak: (inout SimulatorOptions) -> Void = { _ in }) -> SimulatedOrg {
    SimulatedOrg(actions: actions, seed: seed, configure: tweak)
}

@Suite struct ClientTests {
    @Test func listingPagesMatchTheServer() async throws {
        let sim = org(actions: 237)
        let client = makeClient(sim)
        let first = try await client.listActions(pageNumber: 1, pageSize: 100)
        #expect(first.total == 237 - 2)  // two custom-auth actions are listed only on request
        #expect(first.pageCount == 3)
        let withAuth = try await client.listActions(pageNumber: 1, pageSize: 100, includeAuthActions: true)
        #expect(withAuth.total == 237)
        #expect(first.actions.allSatisfy { $0.hasConfig })
    }

    @Test func logsInOnceThenAgainAfterTokensExpire() async throws {
        let sim = org()
        let client = makeClient(sim)
        _ = try await client.listActions(pageNumber: 1, pageSize: 10)
        _ = try await client.listActions(pageNumber: 2, pageSize: 10)
        #expect(await client.loginCount == 1)
        sim.expireAllTokens()
        _ = try await client.listActions(pageNumber: 1, pageSize: 10)
        #expect(await client.loginCount == 2)
    }

    @Test func rejectedCredentialsSayWhichVariablesAndNeverTheSecret() async {
        let client = makeClient(org(), secret: "wrong-secret-value")
        do {
            _ = try await client.listActions(pageNumber: 1, pageSize: 10)
            Issue.record("a wrong secret was accepted")
        } catch {
            #expect(error.status == 401)
            #expect(error.description.contains("GENESYSCLOUD_OAUTHCLIENT_SECRET"))
            #expect(!error.description.contains("wrong-secret-value"))
        }
    }

    @Test func readOnlyClientGetsForbiddenNamingThePermission() async throws {
        let sim = org()
        let client = makeClient(sim, id: sim.options.readOnlyClientID, secret: sim.options.readOnlyClientSecret)
        let action = try #require(try await client.listActions(pageNumber: 1, pageSize: 20).actions.first {
            !$0.id.hasPrefix("static")
        })
        do {
            _ = try await client.updateAction(id: action.id, name: action.name, category: action.category,
                                              version: action.version, config: action.config ?? [:])
            Issue.record("a read-only client could write")
        } catch {
            guard case .forbidden(_, let permission) = error else { Issue.record("\(error)"); return }
            #expect(permission == "integrations:action:edit")
            #expect(error.description.contains("integrations:action:edit"))
        }
    }

    @Test func staleVersionIsATypedConflict() async throws {
        let sim = org()
        let client = makeClient(sim)
        let action = try #require(try await client.listActions(pageNumber: 1, pageSize: 20).actions.first {
            !$0.id.hasPrefix("static")
        })
        sim.editBehindTheToolsBack(action.id)
        do {
            _ = try await client.updateAction(id: action.id, name: nil, category: nil, version: action.version,
                                              config: action.config ?? [:])
            Issue.record("a stale version was accepted")
        } catch {
            guard case .versionConflict(let failure) = error else { Issue.record("\(error)"); return }
            #expect(failure.status == 409)
            #expect(failure.correlationID != nil)
        }
    }

    @Test func rateLimitWaitsForRetryAfterAndSucceeds() async throws {
        let sim = org(actions: 50) { $0.rateLimit = (count: 3, windowSeconds: 1) }
        let waits = Mutex<[Int]>([])
        let client = sim.inProcessClient(policy: RetryPolicy(baseBackoff: .milliseconds(1)),
                                         onRateLimitWait: { seconds in waits.withLock { $0.append(seconds) } })
        let start = ContinuousClock.now
        for n in 1...6 { _ = try await client.listActions(pageNumber: n % 3 + 1, pageSize: 10) }
        #expect(ContinuousClock.now - start >= .milliseconds(900))
        #expect(!waits.withLock { $0 }.isEmpty, "every wait is reported, so a UI can say why it paused")
        #expect(waits.withLock { $0 }.allSatisfy { $0 >= 1 })
        let counts = sim.requestCounts()
        #expect(counts["GET list"] == 6)
        // The limiter reads inin-ratelimit-* and waits before the server has to say 429.
        #expect((counts["429"] ?? 0) <= 1)
    }

    @Test func retryAfterBeyondTheCapFailsWithAClearReason() async throws {
        let sim = org(actions: 50) { $0.rateLimit = (count: 1, windowSeconds: 30) }
        let client = makeClient(sim, policy: RetryPolicy(maxRetryAfterSeconds: 5))
        _ = try await client.listActions(pageNumber: 1, pageSize: 10)
        let start = ContinuousClock.now
        do {
            _ = try await client.listActions(pageNumber: 1, pageSize: 10)
            Issue.record("a 30 s Retry-After was waited out despite a 5 s cap")
        } catch {
            guard case .rateLimited(let failure, let after) = error else { Issue.record("\(error)"); return }
            #expect(failure.status == 429)
            #expect(after.map { $0 > 5 } == true)
            #expect(error.description.contains("rate limited"))
        }
        #expect(ContinuousClock.now - start < .seconds(5), "neither the pacer nor the 429 path may wait past the cap")
    }

    @Test func readsRetryFaultsAndDroppedConnections() async throws {
        let sim = org(actions: 300) { $0.faultRate = 0.3 }
        let client = makeClient(sim, policy: RetryPolicy(maxAttempts: 12, baseBackoff: .milliseconds(1), maxBackoff: .milliseconds(2)))
        var ids = Set<String>()
        for n in 1...30 { for a in try await client.listActions(pageNumber: n, pageSize: 10).actions { ids.insert(a.id) } }
        #expect(ids.count == 298)
        #expect((sim.requestCounts()["fault"] ?? 0) > 0)
    }

    @Test func aWriteWhoseAnswerWasLostLandsExactlyOnce() async throws {
        let sim = org(actions: 80, seed: 3) { $0.faultRate = 0.35 }
        let client = makeClient(sim, policy: RetryPolicy(maxAttempts: 12, baseBackoff: .milliseconds(1), maxBackoff: .milliseconds(2)))
        var writable: [Action] = []
        for n in 1...4 { writable += try await client.listActions(pageNumber: n, pageSize: 25).actions }
        writable = writable.filter { !$0.id.hasPrefix("static") }
        var landed = 0
        for action in writable.prefix(40) {
            var config = try #require(action.config)
            config["timeoutSeconds"] = 33
            do {
                let updated = try await client.updateAction(id: action.id, name: action.name, category: action.category,
                                                            version: action.version, config: config)
                #expect(updated.timeoutSeconds == 33)
                landed += 1
            } catch { Issue.record("write failed despite retries: \(error)") }
            // Exactly one version bump: the write was never applied twice.
            let stored = try #require(sim.action(action.id))
            #expect(stored["version"]?.intValue == action.version + 1)
        }
        #expect(landed == 40)
        #expect((sim.requestCounts()["fault"] ?? 0) > 0)
    }

    @Test func missingFieldsInAnswersAreClearErrors() throws {
        #expect(throws: GenesysError.self) { try ActionPage(json: ["pageSize": 1], request: "GET /x") }
        #expect(throws: GenesysError.self) { try Action(raw: ["name": "no id", "version": 1]) }
        #expect(throws: GenesysError.self) { try Action(raw: ["id": "a"]) }
        do { _ = try Action(raw: ["id": "a"]) } catch { #expect(error.description.contains("no version")) }
    }
}
