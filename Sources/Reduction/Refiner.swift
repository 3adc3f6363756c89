import Symbolic

/// The refinement loop (see ``ForwardEquivalence/coarsest(equations:variableOfSymbol:initial:statistics:progress:)``).
struct Refiner {
    let table: DerivativeTable
    var partition: RefinablePartition
    var statistics = ForwardEquivalence.Statistics()
    var progress: ((Int, Int) -> Void)?

    /// Splitter queue and membership flags, by block id.
    private var queue: [Int32] = []
    private var queued: [Bool] = []

    /// Scratch buffers reused across splitters, one set per coefficient type.
    private var smallScratch = SignatureScratch<SmallFraction>()
    private var wideScratch = SignatureScratch<WideFraction>()
    private var exactScratch = SignatureScratch<Rational>()
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

    /// Gathers ∂f_H/∂x_k for all k and splits blocks by it: with 64-bit fractions when the
    /// coefficients allow, else 128-bit ones, else ``Rational``.
    private mutating func process(splitter h: Int32) {
        if partition.members(h).allSatisfy({ table.equationFitsSmall[Int($0)] }) {
            var scratch = smallScratch
            smallScratch = SignatureScratch()  // keep the buffers uniquely referenced
            let done = signatures(of: h, coefficients: table.termSmallCoefficient, into: &scratch)
            if done { split(by: scratch) }
            smallScratch = scratch
            if done { return }
        }
        if let wide = table.termWideCoefficient {
            var scratch = wideScratch
            wideScratch = SignatureScratch()
            let done = signatures(of: h, coefficients: wide, into: &scratch)
            if done { split(by: scratch) }
            wideScratch = scratch
            if done { return }
        }
        var scratch = exactScratch
        exactScratch = SignatureScratch()
        _ = signatures(of: h, coefficients: table.termCoefficient, into: &scratch)
        split(by: scratch)
        exactScratch = scratch
    }

    /// Computes the nonzero signatures ∂f_H/∂x_k of splitter `h` into `scratch`
    /// (per variable a run of (monomial, coefficient) sorted by monomial, with a hash);
    /// returns false if a `V` operation overflowed (`scratch` is then incomplete).
    private mutating func signatures<V: SignatureCoefficient>(
        of h: Int32, coefficients: [V], into scratch: inout SignatureScratch<V>
    ) -> Bool {
        scratch.reset()
        touchedVariables.removeAll(keepingCapacity: true)
        defer { for k in touchedVariables { bucketCount[Int(k)] = 0 } }
        for i in partition.members(h) {
            let eq = Int(i)
            for t in Int(table.termStart[eq])..<Int(table.termStart[eq + 1]) {
                let c = coefficients[t]
                for d in Int(table.derivativeStart[t])..<Int(table.derivativeStart[t + 1]) {
                    let entry = table.derivatives[d]
                    let k = entry.variable
                    if bucketCount[Int(k)] == 0 { touchedVariables.append(k) }
                    bucketCount[Int(k)] += 1
                    // Give up at the first overflow: the caller redoes the splitter exactly.
                    guard let value = c.times(entry.exponent) else { return false }
                    scratch.gatheredVariable.append(k)
                    scratch.gatheredEntry.append(SignatureEntry(monomial: entry.monomial, value: value))
                }
            }
        }
        if scratch.gatheredEntry.isEmpty { return true }
        statistics.entries += scratch.gatheredEntry.count
        // Bucket the entries by variable (counting sort), then sort each small bucket by monomial.
        var offset: Int32 = 0
        for k in touchedVariables {
            bucketCursor[Int(k)] = offset
            offset += bucketCount[Int(k)]
        }
        let n = scratch.gatheredEntry.count
        if scratch.bucket.count < n {
            scratch.bucket = [SignatureEntry](repeating: SignatureEntry(monomial: 0, value: .zero), count: n)
        }
        for x in 0..<n {
            let k = Int(scratch.gatheredVariable[x])
            scratch.bucket[Int(bucketCursor[k])] = scratch.gatheredEntry[x]
            bucketCursor[k] += 1
        }
        for k in touchedVariables {
            let end = Int(bucketCursor[Int(k)])
            let start = end - Int(bucketCount[Int(k)])
            scratch.bucket.sortByMonomial(start..<end)
            var hash: UInt64 = 0x243F_6A88_85A3_08D3
            let runStart = scratch.monomial.count
            var r = start
            while r < end {
                let m = scratch.bucket[r].monomial
                var sum = scratch.bucket[r].value
                r += 1
                while r < end && scratch.bucket[r].monomial == m {
                    guard let s = sum.plus(scratch.bucket[r].value) else { return false }
                    sum = s
                    r += 1
                }
                if !sum.isZero {
                    scratch.monomial.append(m)
                    scratch.coefficient.append(sum)
                    hash = Mix64.fold(hash, UInt64(UInt32(bitPattern: m)))
                    hash = Mix64.fold(hash, sum.hashWord, by: Mix64.second)
                    hash ^= hash >> 31
                }
            }
            if scratch.monomial.count > runStart {  // a zero signature is the same as untouched
                scratch.variable.append(k)
                scratch.start.append(Int32(runStart))
                scratch.hash.append(hash)
            }
        }
        scratch.start.append(Int32(scratch.monomial.count))
        return true
    }

    /// Splits every block touched by the signatures in `scratch`.
    private mutating func split<V>(by scratch: SignatureScratch<V>) {
        if scratch.variable.isEmpty { return }
        // Group touched variables by (block, hash), then split by exact signature: an integer
        // sort by block, then a sort by hash inside each block's run (usually short).
        let blockOf = partition.blockOf
        var keys = (0..<scratch.variable.count).map { UInt64(UInt32(blockOf[Int(scratch.variable[$0])])) << 32 | UInt64($0) }
        keys.sort()
        var touched = keys.map { Int($0 & 0xFFFF_FFFF) }
        var runStart = 0
        while runStart < touched.count {
            var runEnd = runStart + 1
            while runEnd < touched.count && keys[runEnd] >> 32 == keys[runStart] >> 32 { runEnd += 1 }
            if runEnd - runStart > 1 { touched[runStart..<runEnd].sort { scratch.hash[$0] < scratch.hash[$1] } }
            runStart = runEnd
        }
        var g = 0
        while g < touched.count {
            let block = blockOf[Int(scratch.variable[touched[g]])]
            var blockEnd = g
            while blockEnd < touched.count && blockOf[Int(scratch.variable[touched[blockEnd]])] == block { blockEnd += 1 }
            // Groups of equal signatures within this block.
            var groups: [[Int32]] = []
            var representatives: [Int] = []
            var hashRunStart = g
            while hashRunStart < blockEnd {
                var hashRunEnd = hashRunStart
                let hash = scratch.hash[touched[hashRunStart]]
                while hashRunEnd < blockEnd && scratch.hash[touched[hashRunEnd]] == hash { hashRunEnd += 1 }
                let firstGroup = groups.count
                for x in hashRunStart..<hashRunEnd {
                    let s = touched[x]
                    if let found = (firstGroup..<groups.count).first(where: { scratch.sameSignature(representatives[$0], s) }) {
                        groups[found].append(scratch.variable[s])
                    } else {
                        groups.append([scratch.variable[s]])
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

/// One derivative entry: `value` times the monomial with id `monomial`.
struct SignatureEntry<V> {
    var monomial: Int32
    var value: V
}

/// The signatures of one splitter: for signature `s`, variable `variable[s]`, terms
/// `start[s]..<start[s + 1]` of `monomial` / `coefficient` (sorted by monomial), and a hash.
struct SignatureScratch<V: Equatable> {
    var gatheredVariable: [Int32] = []
    var gatheredEntry: [SignatureEntry<V>] = []
    var bucket: [SignatureEntry<V>] = []
    var variable: [Int32] = []
    var start: [Int32] = []
    var hash: [UInt64] = []
    var monomial: [Int32] = []
    var coefficient: [V] = []

    mutating func reset() {
        gatheredVariable.removeAll(keepingCapacity: true)
        gatheredEntry.removeAll(keepingCapacity: true)
        variable.removeAll(keepingCapacity: true)
        start.removeAll(keepingCapacity: true)
        hash.removeAll(keepingCapacity: true)
        monomial.removeAll(keepingCapacity: true)
        coefficient.removeAll(keepingCapacity: true)
    }

    func sameSignature(_ a: Int, _ b: Int) -> Bool {
        sparseEntriesEqual(monomial, coefficient, Int(start[a])..<Int(start[a + 1]),
                           monomial, coefficient, Int(start[b])..<Int(start[b + 1]))
    }
}

extension Array {
    /// Sorts `range` by monomial id: insertion sort for the short runs signatures usually have.
    @inline(__always)
    mutating func sortByMonomial<V>(_ range: Range<Int>) where Element == SignatureEntry<V> {
        if range.count < 2 { return }
        if range.count > 16 {
            // In place: equal monomials are summed afterwards, so stability is not needed.
            withUnsafeMutableBufferPointer {
                UnsafeMutableBufferPointer(rebasing: $0[range]).introsort { $0.monomial < $1.monomial }
            }
            return
        }
        for i in (range.lowerBound + 1)..<range.upperBound {
            let x = self[i]
            var j = i
            while j > range.lowerBound && self[j - 1].monomial > x.monomial {
                self[j] = self[j - 1]
                j -= 1
            }
            self[j] = x
        }
    }
}
