import Symbolic

/// Sparse signature vectors of all elements, in one buffer.
///
/// Element e owns entries `start[e]..<start[e+1]`: keys strictly increasing, values
/// nonzero. A key's high 32 bits name a *group* (the splitter block H for forward
/// signatures; 0 for backward ones), the low 32 bits a coordinate within it; the
/// relative distance normalizes per group.
/// One signature entry: a key (group << 32 | monomial id) and its exact value. A named struct,
/// not a tuple: arrays of it copy and destroy without generic tuple witnesses.
struct KeyedValue {
    var key: UInt64
    var value: Rational
}

struct SignatureSet {
    var start: [Int] = [0]
    var keys: [UInt64] = []
    var values: [Rational] = []

    var count: Int { start.count - 1 }

    /// Reserves room for `entries` keys and values in all.
    mutating func reserveCapacity(elements: Int, entries: Int) {
        start.reserveCapacity(elements + 1)
        keys.reserveCapacity(entries)
        values.reserveCapacity(entries)
    }

    /// Appends one element's entries (sorted by key, keys unique; zero values are dropped).
    mutating func append(_ entries: [KeyedValue]) {
        for e in entries where !e.value.isZero {
            keys.append(e.key)
            values.append(e.value)
        }
        start.append(keys.count)
    }

    /// Appends entries sorted by key with repeats, summing equal keys.
    mutating func appendCombining(_ entries: [KeyedValue]) {
        var x = 0
        while x < entries.count {
            let k = entries[x].key
            var sum = entries[x].value
            x += 1
            while x < entries.count && entries[x].key == k {
                sum += entries[x].value
                x += 1
            }
            if !sum.isZero {
                keys.append(k)
                values.append(sum)
            }
        }
        start.append(keys.count)
    }

    /// Appends a copy of element `e`'s signature in `other`.
    mutating func appendCopy(of e: Int, from other: SignatureSet) {
        keys.append(contentsOf: other.keys[other.start[e]..<other.start[e + 1]])
        values.append(contentsOf: other.values[other.start[e]..<other.start[e + 1]])
        start.append(keys.count)
    }

    /// Whether signature `a` of this set equals signature `b` of `other`.
    func isEqual(_ a: Int, to other: SignatureSet, _ b: Int) -> Bool {
        let la = start[a + 1] - start[a]
        guard la == other.start[b + 1] - other.start[b] else { return false }
        let sa = start[a], sb = other.start[b]
        for x in 0..<la where keys[sa + x] != other.keys[sb + x] || values[sa + x] != other.values[sb + x] { return false }
        return true
    }

    func isEqual(_ a: Int, _ b: Int) -> Bool {
        let la = start[a + 1] - start[a]
        guard la == start[b + 1] - start[b] else { return false }
        let sa = start[a], sb = start[b]
        for x in 0..<la where keys[sa + x] != keys[sb + x] || values[sa + x] != values[sb + x] { return false }
        return true
    }

    /// A hash of signature `e`; equal signatures hash equally. A multiplicative mix rather than
    /// `Hasher` (SipHash): signatures are hashed once per element per round.
    func hash(_ e: Int) -> Int {
        var h: UInt64 = 0x243F_6A88_85A3_08D3
        for x in start[e]..<start[e + 1] {
            h = Mix64.fold(h, keys[x])
            h = Mix64.fold(h, values[x].hashWord, by: Mix64.second)
            h ^= h >> 31
        }
        return Int(truncatingIfNeeded: h)
    }

    /// ‖a − b‖₁ (or the per-group relative sum), or `nil` once it exceeds `bound`.
    ///
    /// All terms are non-negative, so the partial sum can stop early.
    func distance(_ a: Int, _ b: Int, relative: Bool, within bound: Rational) -> Rational? {
        if !relative, let result = machineDistance(a, b, within: bound) { return result }
        var x = start[a], y = start[b]
        let xe = start[a + 1], ye = start[b + 1]
        var total = Rational.zero
        if !relative {
            while x < xe || y < ye {
                let d: Rational
                if y >= ye || (x < xe && keys[x] < keys[y]) {
                    d = values[x].magnitude; x += 1
                } else if x >= xe || keys[y] < keys[x] {
                    d = values[y].magnitude; y += 1
                } else {
                    d = (values[x] - values[y]).magnitude; x += 1; y += 1
                }
                total += d
                if total > bound { return nil }
            }
            return total
        }
        while x < xe || y < ye {
            // One group at a time: the smaller group id present.
            let gx = x < xe ? keys[x] >> 32 : UInt64.max
            let gy = y < ye ? keys[y] >> 32 : UInt64.max
            let g = min(gx, gy)
            var diff = Rational.zero, na = Rational.zero, nb = Rational.zero
            while x < xe || y < ye {
                let kx = x < xe && keys[x] >> 32 == g ? keys[x] : nil
                let ky = y < ye && keys[y] >> 32 == g ? keys[y] : nil
                if kx == nil && ky == nil { break }
                if let kx, ky == nil || kx < ky! {
                    diff += values[x].magnitude; na += values[x].magnitude; x += 1
                } else if let ky, kx == nil || ky < kx! {
                    diff += values[y].magnitude; nb += values[y].magnitude; y += 1
                } else {
                    diff += (values[x] - values[y]).magnitude
                    na += values[x].magnitude; nb += values[y].magnitude
                    x += 1; y += 1
                }
            }
            let norm = max(na, nb)
            if !norm.isZero { total += diff / norm }
            if total > bound { return nil }
        }
        return total
    }

    /// ``distance(_:_:relative:within:)`` (absolute) in 64-bit fractions: `.some(d)` with `d` the
    /// distance or `nil` above `bound`, or `nil` when a value or a partial sum does not fit
    /// (then the caller computes it with `Rational`).
    private func machineDistance(_ a: Int, _ b: Int, within bound: Rational) -> Rational?? {
        guard let (bn, bd) = bound.smallParts else { return nil }
        func small(_ r: Rational) -> SmallFraction? { r.smallParts.map { SmallFraction(numerator: $0.numerator, denominator: $0.denominator) } }
        var x = start[a], y = start[b]
        let xe = start[a + 1], ye = start[b + 1]
        var total = SmallFraction.zero
        while x < xe || y < ye {
            var d: SmallFraction
            if y >= ye || (x < xe && keys[x] < keys[y]) {
                guard let v = small(values[x]) else { return nil }
                d = v; x += 1
            } else if x >= xe || keys[y] < keys[x] {
                guard let v = small(values[y]) else { return nil }
                d = v; y += 1
            } else {
                guard let u = small(values[x]), let v = small(values[y]),
                      let difference = u.plus(SmallFraction(numerator: -v.numerator, denominator: v.denominator)) else { return nil }
                d = difference; x += 1; y += 1
            }
            d.numerator = abs(d.numerator)  // never Int64.min: Rational and MachineFraction exclude it
            guard let sum = total.plus(d) else { return nil }
            total = sum
            // total > bound ⟺ total.n · bound.d > bound.n · total.d (denominators positive).
            let l = total.numerator.multipliedFullWidth(by: bd), r = bn.multipliedFullWidth(by: total.denominator)
            if (l.high, l.low) > (r.high, r.low) { return .some(nil) }
        }
        return .some(Rational(Int(total.numerator), Int(total.denominator)))
    }

    /// The largest per-group norm max_H ‖a_H‖₁ of element `a`.
    func largestGroupNorm(_ a: Int) -> Rational {
        var best = Rational.zero, current = Rational.zero
        var group = UInt64.max
        for x in start[a]..<start[a + 1] {
            if keys[x] >> 32 != group {
                best = max(best, current)
                current = .zero
                group = keys[x] >> 32
            }
            current += values[x].magnitude
        }
        return max(best, current)
    }

    /// Two 1-Lipschitz projections (for ‖·‖₁): the sum of coordinates, and a fixed ±1
    /// weighting by a hash of the key. |p(a) − p(b)| ≤ ‖a − b‖₁.
    func projections(_ a: Int) -> (Rational, Rational) {
        var p1 = ExactSum(), p2 = ExactSum()
        for x in start[a]..<start[a + 1] {
            p1.add(values[x])
            p2.add(values[x], negated: splitMix(keys[x]) & 1 != 0)
        }
        return (p1.value, p2.value)
    }
}

/// The ±1 weight of the second candidate projection for a key (here and in Networks): the low
/// bit of ``Symbolic/Mix64/splitMix(_:)``, deterministic across runs.
@inlinable @inline(__always)
public func splitMix(_ x: UInt64) -> UInt64 { Mix64.splitMix(x) }

/// The closure-and-refine loop shared by ε-FDE and ε-BDE.
///
/// Each round asks for the signature vectors of all elements under the current
/// partition, splits every block into clusters of ≈ε (single linkage: connected
/// components; complete linkage: agglomerative clusters of diameter ≤ ε), and stops
/// when a round splits nothing. Partitions only get finer, so it ends after at most
/// n − 1 splitting rounds.
public enum ApproximateRefinement {
    /// Runs the refinement; returns blocks of element indices.
    ///
    /// - Complexity: per round, the signature computation plus, per block of k elements,
    ///   O(S + k·log k + W·L) where S is the blocks' total signature size, W the candidate
    ///   pairs (elements whose projections are within the window, width ε, or ε·max group
    ///   norm for `relative`) and L the signature length; complete linkage adds O(s·E) per
    ///   single-linkage component of s clusters with E pairs within ε.
    static func run(elementCount: Int, initial: [[Int]], epsilon: Rational,
                    linkage: ApproximateForwardEquivalence.Linkage, relative: Bool,
                    signatures: ([Int32]) -> SignatureSet) -> [[Int]] {
        var partition = RefinablePartition(blocks: initial, count: elementCount)
        var previous: SignatureSet? = nil
        // Projections depend on the signature only: kept across rounds until it changes.
        var projections = [(Rational, Rational)?](repeating: nil, count: elementCount)
        while true {
            let set = signatures(partition.blockOf)
            precondition(set.count == elementCount)
            // A block whose members' signatures did not change since the last round is one
            // cluster of that round (a connected component, or a complete-linkage cluster of
            // diameter ≤ ε), so clustering it again cannot split it: only changed blocks are
            // clustered.
            var changedBlock = [Bool](repeating: previous == nil, count: partition.blockCount)
            if let previous {
                for e in 0..<elementCount where !set.isEqual(e, to: previous, e) {
                    changedBlock[Int(partition.blockOf[e])] = true
                    projections[e] = nil
                }
            }
            var splits: [(Int32, [[Int32]])] = []
            for b in 0..<Int32(partition.blockCount) where partition.size(b) > 1 && changedBlock[Int(b)] {
                let groups = cluster(Array(partition.members(b)), set, epsilon: epsilon, linkage: linkage, relative: relative,
                                     projections: &projections)
                if groups.count > 1 { splits.append((b, groups)) }
            }
            previous = set
            if splits.isEmpty { break }
            for (b, groups) in splits {
                let keep = groups.indices.max { groups[$0].count < groups[$1].count }!
                for (g, group) in groups.enumerated() where g != keep { _ = partition.split(b, moving: group) }
            }
        }
        return partition.blocks()
    }

    /// Splits `members` into clusters of the ≈ε relation under `set`; `projections` caches each
    /// element's ``SignatureSet/projections(_:)`` (`nil` = not computed for its current signature).
    static func cluster(_ members: [Int32], _ set: SignatureSet, epsilon: Rational,
                        linkage: ApproximateForwardEquivalence.Linkage, relative: Bool,
                        projections cache: inout [(Rational, Rational)?]) -> [[Int32]] {
        // Identical signatures (distance 0) always belong together: collapse them first.
        var reps: [Int] = []
        var repMembers: [[Int32]] = []
        var byHash: [Int: [Int]] = [:]
        for e in members.sorted() {
            let h = set.hash(Int(e))
            if let found = byHash[h]?.first(where: { set.isEqual(reps[$0], Int(e)) }) {
                repMembers[found].append(e)
            } else {
                byHash[h, default: []].append(reps.count)
                reps.append(Int(e))
                repMembers.append([e])
            }
        }
        let r = reps.count
        if r == 1 || epsilon.isZero { return repMembers }

        // Candidate pairs: |p(a) − p(b)| ≤ ‖a − b‖₁ for both projections, so sweeping a
        // window of the window width over the first and filtering by the second misses
        // no pair within ε. For the relative distance, each group's term is at least
        // ‖a_H − b_H‖₁ / N with N the largest group norm in the block.
        var width = epsilon
        if relative {
            let largest = reps.map { set.largestGroupNorm($0) }.max() ?? .zero
            width = epsilon * largest
        }
        var repProjections: [(Rational, Rational)] = []
        repProjections.reserveCapacity(r)
        for e in reps {
            if let p = cache[e] {
                repProjections.append(p)
            } else {
                let p = set.projections(e)
                cache[e] = p
                repProjections.append(p)
            }
        }
        let (clusters, _) = linkRepresentatives(
            projections: repProjections, width: width, epsilon: epsilon, linkage: linkage
        ) { x, y in set.distance(reps[x], reps[y], relative: relative, within: epsilon) }
        return clusters.map { $0.flatMap { repMembers[$0] } }
    }

    /// Clusters representatives 0..<r by the ≈ε relation, given two 1-Lipschitz projections of
    /// each (|p(a) − p(b)| ≤ D(a, b)) and an exact distance that returns `nil` above ε.
    ///
    /// Sorting by the first projection and sweeping a window of `width` (≥ ε, scaled for
    /// relative distances), filtered by the second, misses no pair within ε. Single linkage:
    /// connected components; complete linkage: ``completeLinkage(_:neighbors:epsilon:)`` inside
    /// each component. Clusters come out ordered by their smallest representative. Also returns
    /// the largest distance at which two clusters were joined.
    /// - Complexity: O(r log r + P) distance evaluations for P candidate pairs (plus complete
    ///   linkage's O(s·E) per component).
    package static func linkRepresentatives(
        projections: [(Rational, Rational)], width: Rational, epsilon: Rational,
        linkage: ApproximateForwardEquivalence.Linkage, distance: (Int, Int) -> Rational?
    ) -> (clusters: [[Int]], largestMerge: Rational) {
        let r = projections.count
        let order = (0..<r).sorted { a, b in
            projections[a].0 != projections[b].0 ? projections[a].0 < projections[b].0 : a < b
        }
        var parent = Array(0..<r)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        var used = Rational.zero
        var close: [(Int, Int, Rational)] = []
        for (px, x) in order.enumerated() {
            // Window bounds once per x: the sweep then compares, it does not subtract.
            let upper = projections[x].0 + width
            let low2 = projections[x].1 - width, high2 = projections[x].1 + width
            var py = px + 1
            while py < order.count {
                let y = order[py]
                py += 1
                if projections[y].0 > upper { break }
                if projections[y].1 < low2 || projections[y].1 > high2 { continue }
                if linkage == .single && find(x) == find(y) { continue }
                guard let d = distance(x, y) else { continue }
                let (rx, ry) = (find(x), find(y))
                if rx != ry {
                    parent[max(rx, ry)] = min(rx, ry)
                    if linkage == .single { used = max(used, d) }
                }
                if linkage == .complete { close.append((min(x, y), max(x, y), d)) }
            }
        }
        // Components by root; a root is its component's smallest member, so roots in
        // increasing order list components by their smallest representative.
        var componentOfRoot = [Int](repeating: -1, count: r)
        var componentMembers: [[Int]] = []
        for x in 0..<r {
            let root = find(x)
            if componentOfRoot[root] < 0 {
                componentOfRoot[root] = componentMembers.count
                componentMembers.append([])
            }
            componentMembers[componentOfRoot[root]].append(x)
        }
        switch linkage {
        case .single:
            return (componentMembers, used)
        case .complete:
            var neighbors = [[Int: Rational]](repeating: [:], count: r)
            for (x, y, d) in close {
                neighbors[x][y] = d
                neighbors[y][x] = d
            }
            var result: [[Int]] = []
            for component in componentMembers {
                let (clusters, d) = completeLinkage(component, neighbors: neighbors, epsilon: epsilon)
                used = max(used, d)
                result.append(contentsOf: clusters)
            }
            return (result, used)
        }
    }

    /// Deterministic agglomerative complete linkage over `items` (rep indices, whose order
    /// is the elements' order): repeatedly merges the two clusters with the smallest
    /// largest pairwise distance (ties: smallest pair of cluster leaders), while ≤ ε.
    /// Missing entries of `neighbors` are distances above ε. Returns the clusters and the
    /// largest distance at which two clusters were merged (0 if none).
    /// - Complexity: O(s·E) for s items and E pairs within ε.
    public static func completeLinkage(_ items: [Int], neighbors: [[Int: Rational]], epsilon: Rational)
        -> (clusters: [[Int]], largestMerge: Rational)
    {
        if items.count == 1 { return ([items], .zero) }
        // Local indices; a cluster is named by its leader (smallest local index).
        var local: [Int: Int] = [:]
        for (k, x) in items.enumerated() { local[x] = k }
        var members = items.map { [$0] }
        var active = [Bool](repeating: true, count: items.count)
        var link = [[Int: Rational]](repeating: [:], count: items.count)
        for (k, x) in items.enumerated() {
            for (y, d) in neighbors[x] { if let l = local[y] { link[k][l] = d } }
        }
        var largestMerge = Rational.zero
        while true {
            var best: (Rational, Int, Int)?
            for a in 0..<items.count where active[a] {
                for (b, d) in link[a] where a < b {
                    if best == nil || d < best!.0 || (d == best!.0 && (a, b) < (best!.1, best!.2)) { best = (d, a, b) }
                }
            }
            guard let (d, a, b) = best, d <= epsilon else { break }
            largestMerge = max(largestMerge, d)
            // Merge b into a: the distance to c becomes the larger one, absent if either is.
            active[b] = false
            members[a].append(contentsOf: members[b])
            var merged: [Int: Rational] = [:]
            for (c, da) in link[a] where c != b {
                if let db = link[b][c] { merged[c] = max(da, db) }
            }
            for c in link[a].keys where c != b { link[c][a] = nil }
            for c in link[b].keys where c != a { link[c][b] = nil }
            link[b] = [:]
            link[a] = merged
            for (c, dc) in merged { link[c][a] = dc }
        }
        return ((0..<items.count).filter { active[$0] }.map { members[$0].sorted() }, largestMerge)
    }
}
