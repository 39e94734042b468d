import GenesysCloud
import TimeoutsCore

// MARK: - Conflict prompts

/// Asks the user about conflicts one at a time, remembering "for all" answers for the rest of the batch.
public actor PromptResolver: ConflictResolver {
    private let post: @Sendable (Event) -> Void
    private var remembered: ConflictDecision?
    private var waiting: [(conflict: Conflict, answer: CheckedContinuation<ConflictDecision, Never>)] = []

    public init(post: @escaping @Sendable (Event) -> Void) { self.post = post }

    public func resolve(_ conflict: Conflict) async -> ConflictDecision {
        if let remembered { return remembered }
        return await withCheckedContinuation { continuation in
            waiting.append((conflict, continuation))
            if waiting.count == 1 { post(.conflictRaised(conflict)) }
        }
    }

    /// The user's answer to the conflict on screen.
    public func answer(_ decision: ConflictDecision, rememberForRest: Bool) {
        guard !waiting.isEmpty else { return }
        waiting.removeFirst().answer.resume(returning: decision)
        if rememberForRest {
            remembered = decision
            for w in waiting { w.answer.resume(returning: decision) }
            waiting = []
        } else if let next = waiting.first {
            post(.conflictRaised(next.conflict))
        }
    }

    /// Forgets "for all" answers: each batch asks afresh.
    public func startBatch() { remembered = nil }
}

// MARK: - Effect runner

/// Runs effects against the core and posts what happens back as events.
public struct EffectRunner: Sendable {
    public let client: GenesysClient
    public let store: BackupStore
    public let scanOptions: ScanOptions
    public let concurrency: Int
    public let post: @Sendable (Event) -> Void
    public let resolver: PromptResolver

    public init(client: GenesysClient, store: BackupStore, scanOptions: ScanOptions, concurrency: Int,
                post: @escaping @Sendable (Event) -> Void)
    {
        self.client = client
        self.store = store
        self.scanOptions = scanOptions
        self.concurrency = concurrency
        self.post = post
        resolver = PromptResolver(post: post)
    }

    /// Starts the work for `effect` in the background; `.quit` is the caller's to handle.
    public func run(_ effect: Effect) {
        let post = self.post
        switch effect {
        case .load:
            Task {
                do throws(GenesysError) {
                    let inventory = try await Scanner(client: client, options: scanOptions).scan { post(.scanProgress($0)) }
                    post(.loaded(inventory))
                } catch {
                    post(.loadFailed(error.description))
                }
            }
        case .apply(let plan):
            Task {
                await resolver.startBatch()
                do {
                    let report = try await Applier(client: client, store: store, concurrency: concurrency)
                        .apply(plan, resolver: resolver) { event in
                            switch event {
                            case .backupWritten(let path): post(.backupWritten(path))
                            case .finished(let result, let done, let total): post(.changeFinished(result, done: done, total: total))
                            }
                        }
                    post(.applyFinished(report, purpose: plan.purpose))
                } catch {
                    post(.applyFailed("the backup could not be written, so no change was made: \(error)"))
                }
            }
        case .answerConflict(let decision, let all):
            Task { await resolver.answer(decision, rememberForRest: all) }
        case .planUndo(let path):
            Task {
                do {
                    let backup = try Backup.read(path: path)
                    let current = try await Scanner(client: client, options: scanOptions).current(of: backup)
                    post(.undoPlanned(Planner.rollback(backup, current: current)))
                } catch {
                    post(.undoFailed("\(error)"))
                }
            }
        case .quit:
            break
        }
    }
}
