import Dispatch

/// `body(0)`, …, `body(count − 1)` on up to all cores (Dispatch's `concurrentPerform`), in
/// index order in the result; the first error in index order is thrown. For independent
/// candidates of a search, each deterministic, so the choice among them does not depend on
/// which finished first.
func parallelMap<T, E: Error>(_ count: Int, _ body: @Sendable (Int) throws(E) -> T) throws(E) -> [T] {
    let slots = ResultSlots<T, E>(count)
    defer { slots.release() }
    DispatchQueue.concurrentPerform(iterations: count) { i in
        slots.fill(i, Result { () throws(E) -> T in try body(i) })
    }
    return try (0..<count).map { (i) throws(E) -> T in try slots.take(i) }
}

/// One result slot per index, each written by one iteration only (and read after all ended),
/// so sharing the buffer across iterations is safe although Swift cannot prove it.
private struct ResultSlots<T, E: Error>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Result<T, E>?>
    private let count: Int

    init(_ count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: nil, count: count)
    }

    func fill(_ i: Int, _ result: Result<T, E>) { base[i] = result }

    func take(_ i: Int) throws(E) -> T { try base[i]!.get() }  // concurrentPerform returned: every slot filled

    func release() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
