import Symbolic

/// Forward differential equivalence (FDE): the coarsest partition, refining a
/// given one, whose block sums obey a self-contained ODE.
///
/// For dx/dt = f(x) and a partition P, let f_H = Σ_{i∈H} f_i. P is an FDE iff
/// for every block H and all i, j in one block, ∂f_H/∂x_i ≡ ∂f_H/∂x_j as
/// polynomials. Then y_B = Σ_{i∈B} x_i satisfies dy_B/dt = f_B(x_i ↦ y_{B(i)}/|B(i)|).
/// This is ERODE's forward equivalence on the mass-action encoding of the ODE.
public enum ForwardEquivalence {
    /// Statistics of one refinement run.
    public struct Statistics: Sendable {
        /// Splitters processed.
        public var splitters = 0
        /// Derivative entries gathered over all splitters.
        public var entries = 0
        /// Block splits performed.
        public var splits = 0
    }

    /// The coarsest FDE refining `initial`.
    ///
    /// Splitter-based refinement: for a splitter block H, the signature of
    /// variable k is the polynomial ∂f_H/∂x_k, assembled from precomputed
    /// derivative entries of the equations in H, combined exactly, hashed, and
    /// compared exactly; every block touched is split by signature (untouched
    /// members have signature 0). Signatures are additive in H, so when a block
    /// that already served as a splitter is split, its largest part is not
    /// re-queued (Hopcroft / Paige–Tarjan).
    ///
    /// - Complexity: O(m·d·log n · log(m·d)) for m terms of degree ≤ d and n
    ///   variables: each equation is gathered in O(log n) splitters, each
    ///   gathering sorts its entries. Memory O(m·d).
    /// - Parameters:
    ///   - equations: one right-hand side per variable.
    ///   - variableOfSymbol: maps a symbol id to its variable index (`nil` for parameters).
    ///   - initial: the partition to refine (default: one block).
    ///   - progress: called now and then with (splitters processed, blocks so far).
    public static func coarsest(
        equations: [Polynomial],
        variableOfSymbol: (Int32) -> Int?,
        initial: Partition? = nil,
        statistics: UnsafeMutablePointer<Statistics>? = nil,
        progress: ((Int, Int) -> Void)? = nil
    ) -> Partition {
        let n = equations.count
        let initial = initial ?? .single(count: n)
        precondition(initial.elementCount == n, "initial partition must cover the variables")
        let table = DerivativeTable(equations: equations, variableOfSymbol: variableOfSymbol)
        var refiner = Refiner(table: table, partition: RefinablePartition(blocks: initial.blocks, count: n))
        refiner.progress = progress
        refiner.run()
        statistics?.pointee = refiner.statistics
        return Partition(canonicalizing: refiner.partition.blocks(), count: n)
    }

    /// The coarsest FDE of a model refining `initial` (parameters as they are in `model`:
    /// call ``ODEModel/substitutingParameterValues()`` first to use their values).
    public static func coarsest(_ model: ODEModel, initial: Partition? = nil,
                                progress: ((Int, Int) -> Void)? = nil) -> Partition {
        coarsest(equations: model.equations, variableOfSymbol: { model.variableIndex(ofSymbol: $0) },
                 initial: initial, progress: progress)
    }
}

/// The refinement loop (see ``ForwardEquivalence/coarsest(equations:variableOfSymbol:initial:statistics:progress:)``).
struct Refiner {
    let table: DerivativeTable
    var partition: RefinablePartition
    var statistics = ForwardEquivalence.Statistics()
    var progress: ((Int, Int) -> Void)?

    /// Splitter queue and membership flags, by block id.
    private var queue: [Int32] = []
    private var queued: [Bool] = []

    // Scratch buffers reused across splitters.
    private struct Entry {
        var monomial: Int32
        var value: Rational
    }
    private var gatheredVariable: [Int32] = []
    private var gatheredEntry: [Entry] = []
    private var bucket: [Entry] = []
    /// Per variable: entries gathered for the current splitter (zero between splitters).
    private var bucketCount: [Int32]
    private var bucketCursor: [Int32]
    private var touchedVariables: [Int32] = []

    init(table: DerivativeTable, partition: RefinablePartition) {
        self.table = table
        self.partition = partition
        bucketCount = [Int32](repeating: 0, count: table.variableCount)
        bucketCursor = [Int32](repeating: 0, count: table.variableCount)
    }

    mutating func run() {
        queue = (0..<Int32(partition.blockCount)).map { $0 }
        queued = [Bool](repeating: true, count: partition.blockCount)
        var head = 0
        while head < queue.count {
            let h = queue[head]
            head += 1
            queued[Int(h)] = false
            process(splitter: h)
            statistics.splitters += 1
            if let progress, statistics.splitters % 4096 == 0 { progress(statistics.splitters, partition.blockCount) }
            if head > 1 << 16 && head * 2 > queue.count {  // keep the queue compact
                queue.removeFirst(head)
                head = 0
            }
        }
    }

    /// Gathers ∂f_H/∂x_k for all k and splits blocks by it.
    private mutating func process(splitter h: Int32) {
        gatheredVariable.removeAll(keepingCapacity: true)
        gatheredEntry.removeAll(keepingCapacity: true)
        touchedVariables.removeAll(keepingCapacity: true)
        for i in partition.members(h) {
            let eq = Int(i)
            for t in Int(table.termStart[eq])..<Int(table.termStart[eq + 1]) {
                let u = Int(table.termMonomial[t])
                let c = table.termCoefficient[t]
                for d in Int(table.derivativeStart[u])..<Int(table.derivativeStart[u + 1]) {
                    let k = table.derivativeVariable[d]
                    if bucketCount[Int(k)] == 0 { touchedVariables.append(k) }
                    bucketCount[Int(k)] += 1
                    gatheredVariable.append(k)
                    let e = table.derivativeExponent[d]
                    gatheredEntry.append(Entry(monomial: table.derivativeMonomial[d], value: e == 1 ? c : c * Rational(Int(e))))
                }
            }
        }
        if gatheredEntry.isEmpty { return }
        statistics.entries += gatheredEntry.count
        // Bucket the entries by variable (counting sort), then sort each small bucket by monomial.
        var offset: Int32 = 0
        for k in touchedVariables {
            bucketCursor[Int(k)] = offset
            offset += bucketCount[Int(k)]
        }
        if bucket.count < gatheredEntry.count {
            bucket = [Entry](repeating: Entry(monomial: 0, value: .zero), count: gatheredEntry.count)
        }
        for (x, k) in gatheredVariable.enumerated() {
            bucket[Int(bucketCursor[Int(k)])] = gatheredEntry[x]
            bucketCursor[Int(k)] += 1
        }

        // Compact signatures: per variable a run of (monomial, coefficient) with nonzero coefficients.
        var sigVariable: [Int32] = []
        var sigStart: [Int32] = []
        var sigHash: [Int] = []
        var sigMonomial: [Int32] = []
        var sigCoefficient: [Rational] = []
        for k in touchedVariables {
            let end = Int(bucketCursor[Int(k)])
            let start = end - Int(bucketCount[Int(k)])
            bucketCount[Int(k)] = 0
            if end - start > 1 { bucket[start..<end].sort { $0.monomial < $1.monomial } }
            var hasher = Hasher()
            let runStart = sigMonomial.count
            var r = start
            while r < end {
                let m = bucket[r].monomial
                var sum = bucket[r].value
                r += 1
                while r < end && bucket[r].monomial == m {
                    sum += bucket[r].value
                    r += 1
                }
                if !sum.isZero {
                    sigMonomial.append(m)
                    sigCoefficient.append(sum)
                    hasher.combine(m)
                    hasher.combine(sum)
                }
            }
            if sigMonomial.count > runStart {  // a zero signature is the same as untouched
                sigVariable.append(k)
                sigStart.append(Int32(runStart))
                sigHash.append(hasher.finalize())
            }
        }
        sigStart.append(Int32(sigMonomial.count))
        if sigVariable.isEmpty { return }

        // Group touched variables by (block, hash), then split by exact signature.
        var touched = Array(0..<sigVariable.count)
        let blockOf = partition.blockOf
        touched.sort { a, b in
            let ba = blockOf[Int(sigVariable[a])], bb = blockOf[Int(sigVariable[b])]
            return ba != bb ? ba < bb : sigHash[a] < sigHash[b]
        }
        func sameSignature(_ a: Int, _ b: Int) -> Bool {
            let la = Int(sigStart[a + 1] - sigStart[a]), lb = Int(sigStart[b + 1] - sigStart[b])
            if la != lb { return false }
            let sa = Int(sigStart[a]), sb = Int(sigStart[b])
            for x in 0..<la where sigMonomial[sa + x] != sigMonomial[sb + x] || sigCoefficient[sa + x] != sigCoefficient[sb + x] {
                return false
            }
            return true
        }
        var g = 0
        while g < touched.count {
            let block = blockOf[Int(sigVariable[touched[g]])]
            var blockEnd = g
            while blockEnd < touched.count && blockOf[Int(sigVariable[touched[blockEnd]])] == block { blockEnd += 1 }
            // Groups of equal signatures within this block.
            var groups: [[Int32]] = []
            var representatives: [Int] = []
            var hashRunStart = g
            while hashRunStart < blockEnd {
                var hashRunEnd = hashRunStart
                let hash = sigHash[touched[hashRunStart]]
                while hashRunEnd < blockEnd && sigHash[touched[hashRunEnd]] == hash { hashRunEnd += 1 }
                let firstGroup = groups.count
                for x in hashRunStart..<hashRunEnd {
                    let s = touched[x]
                    if let found = (firstGroup..<groups.count).first(where: { sameSignature(representatives[$0], s) }) {
                        groups[found].append(sigVariable[s])
                    } else {
                        groups.append([sigVariable[s]])
                        representatives.append(s)
                    }
                }
                hashRunStart = hashRunEnd
            }
            let touchedCount = blockEnd - g
            let untouched = partition.size(block) - touchedCount
            if groups.count > 1 || untouched > 0 {
                split(block, groups: groups, untouched: untouched)
            }
            g = blockEnd
        }
    }

    /// Splits `block` into the signature groups (and the untouched rest, which stays in `block`).
    private mutating func split(_ block: Int32, groups: [[Int32]], untouched: Int) {
        var groups = groups
        if untouched == 0 {
            // One group must stay behind in the old block: keep the largest there.
            let largest = groups.indices.max { groups[$0].count < groups[$1].count }!
            groups.remove(at: largest)
        }
        let wasQueued = queued[Int(block)]
        var parts: [Int32] = [block]
        for group in groups {
            let nb = partition.split(block, moving: group)
            parts.append(nb)
            queued.append(false)
            statistics.splits += 1
        }
        if wasQueued {
            for p in parts.dropFirst() { enqueue(p) }
        } else {
            let largest = parts.max { partition.size($0) < partition.size($1) }!
            for p in parts where p != largest { enqueue(p) }
        }
    }

    private mutating func enqueue(_ b: Int32) {
        if !queued[Int(b)] {
            queued[Int(b)] = true
            queue.append(b)
        }
    }
}
