import GenesysCloud
import Synchronization

// MARK: - Bounded concurrency

/// Runs `work` over `items` with at most `limit` in flight; returns the results in the items' order.
/// `onResult` sees each result (with its index) as it lands, in completion order.
func concurrentMap<Item: Sendable, Output: Sendable>(
    _ items: [Item], limit: Int,
    _ work: @escaping @Sendable (Item) async -> Output,
    onResult: (Int, Output) -> Void = { _, _ in }
) async -> [Output] {
    await withTaskGroup(of: (Int, Output).self) { group in
        var out = [Output?](repeating: nil, count: items.count)
        var next = 0
        func start(_ group: inout TaskGroup<(Int, Output)>) {
            let index = next, item = items[index]
            next += 1
            group.addTask { (index, await work(item)) }
        }
        while next < min(max(1, limit), items.count) { start(&group) }
        while let (index, result) = await group.next() {
            out[index] = result
            onResult(index, result)
            if next < items.count { start(&group) }
        }
        return out.compactMap { $0 }
    }
}

/// `concurrentMap` for work that can fail: after the first failure no new item starts, and that
/// failure is thrown. `onResult` sees each success as it lands.
func forEachConcurrently<Item: Sendable, Output: Sendable>(
    _ items: [Item], limit: Int,
    _ work: @escaping @Sendable (Item) async throws(GenesysError) -> Output,
    onResult: (Output) -> Void
) async throws(GenesysError) -> [Output] {
    let stop = CancelFlag()
    let results = await concurrentMap(items, limit: limit) { item -> Result<Output, GenesysError>? in
        if stop.isSet { return nil }  // not started: an earlier item has failed
        do throws(GenesysError) {
            return .success(try await work(item))
        } catch {
            stop.set()
            return .failure(error)
        }
    } onResult: { _, result in
        if case .success(let value)? = result { onResult(value) }
    }
    // Items start in order, so every skipped item comes after a failed one: the first failure in
    // item order is a real one.
    var out: [Output] = []
    out.reserveCapacity(results.count)
    for result in results {
        switch result {
        case .success(let value)?: out.append(value)
        case .failure(let error)?: throw error
        case nil: continue
        }
    }
    return out
}

/// Set once to stop starting new work.
final class CancelFlag: Sendable {
    private let flag = Mutex(false)
    var isSet: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}
