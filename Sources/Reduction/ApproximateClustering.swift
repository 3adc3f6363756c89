import Symbolic

/// Signature vectors that ε-clustering compares: one element per index, an exact distance
/// between two of them, and two projections that bound it from below.
///
/// Laws a conformance must keep (``ApproximateClustering/cluster(_:in:epsilon:linkage:relative:projectionCache:)``
/// relies on them to miss no pair within ε):
/// - `signaturesEqual(a, b)` ⇒ `signatureHash(a) == signatureHash(b)`, and equal signatures
///   are at distance 0;
/// - `distance(a, b, …)` is symmetric and non-negative, and returns `nil` exactly when it
///   exceeds `bound`;
/// - |p(a) − p(b)| ≤ `distance(a, b, relative: false, …)` for both projections p, and
///   |p(a) − p(b)| ≤ s · `distance(a, b, relative: true, …)` for s the largest
///   `relativeScale` of the two.
package protocol ClusterableSignatures {
    /// A hash of element `e`'s signature.
    func signatureHash(_ e: Int) -> Int
    /// Whether elements `a` and `b` have identical signatures.
    func signaturesEqual(_ a: Int, _ b: Int) -> Bool
    /// The distance between `a` and `b` (absolute, or its relative variant), or `nil` once it
    /// exceeds `bound`.
    func distance(_ a: Int, _ b: Int, relative: Bool, within bound: Rational) -> Rational?
    /// How far apart the projections of two elements within relative distance ε can be,
    /// per unit of ε (the largest coordinate or group norm of `e`).
    func relativeScale(_ e: Int) -> Rational
    /// Two 1-Lipschitz projections of `e`'s signature.
    func projections(_ e: Int) -> (Rational, Rational)
}

/// The one ε-clustering routine: the generic ε-FDE and ε-BDE (``SignatureSet``) and the
/// layered network compression (Networks' layer signatures) all split blocks with it.
package enum ApproximateClustering {
    /// Splits `members` into clusters of the ≈ε relation under `signatures`: identical
    /// signatures first (distance 0 always joins), then single linkage (connected components)
    /// or complete linkage (clusters of diameter ≤ ε) over the distinct ones.
    ///
    /// Clusters come out ordered by their smallest member; within a cluster, members are
    /// grouped by distinct signature. Also returns the largest distance at which two
    /// clusters were joined (0 if none).
    /// - Requires: `members` ascending; `projectionCache` has one slot per element, `nil` or
    ///   the element's current ``ClusterableSignatures/projections(_:)``.
    /// - Complexity: O(k log k + P·L) for k members, P candidate pairs within the projection
    ///   window and signatures of length L; complete linkage adds O(s·E) per component.
    package static func cluster<S: ClusterableSignatures>(
        _ members: [Int], in signatures: S, epsilon: Rational,
        linkage: ApproximateForwardEquivalence.Linkage, relative: Bool,
        projectionCache cache: inout [(Rational, Rational)?]
    ) -> (clusters: [[Int]], largestMerge: Rational) {
        // Identical signatures (distance 0) always belong together: collapse them first.
        var reps: [Int] = []
        var repMembers: [[Int]] = []
        var byHash: [Int: [Int]] = [:]
        for e in members {
            let h = signatures.signatureHash(e)
            if let found = byHash[h]?.first(where: { signatures.signaturesEqual(reps[$0], e) }) {
                repMembers[found].append(e)
            } else {
                byHash[h, default: []].append(reps.count)
                reps.append(e)
                repMembers.append([e])
            }
        }
        if reps.count == 1 || epsilon.isZero { return (repMembers, .zero) }

        // Candidate pairs: |p(a) − p(b)| ≤ D(a, b) for both projections, so sweeping a
        // window of the window width over the first and filtering by the second misses
        // no pair within ε. For a relative distance the window scales with the largest
        // relative scale in the block.
        var width = epsilon
        if relative {
            width = epsilon * (reps.map { signatures.relativeScale($0) }.max() ?? .zero)
        }
        var repProjections: [(Rational, Rational)] = []
        repProjections.reserveCapacity(reps.count)
        for e in reps {
            if let p = cache[e] {
                repProjections.append(p)
            } else {
                let p = signatures.projections(e)
                cache[e] = p
                repProjections.append(p)
            }
        }
        let (clusters, used) = linkRepresentatives(
            projections: repProjections, width: width, epsilon: epsilon, linkage: linkage
        ) { x, y in signatures.distance(reps[x], reps[y], relative: relative, within: epsilon) }
        return (clusters.map { $0.flatMap { repMembers[$0] } }, used)
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
    static func linkRepresentatives(
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
    static func completeLinkage(_ items: [Int], neighbors: [[Int: Rational]], epsilon: Rational)
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

/// Blocks of class indices: classes grouped by the `initial` block of their first member.
func groupClasses(_ classes: Partition, by initial: Partition) -> [[Int]] {
    var blockIndex: [Int: Int] = [:]
    var blocks: [[Int]] = []
    for (c, members) in classes.blocks.enumerated() {
        let b = initial.blockOf[members[0]]
        if let x = blockIndex[b] {
            blocks[x].append(c)
        } else {
            blockIndex[b] = blocks.count
            blocks.append([c])
        }
    }
    return blocks
}

/// A partition of variables from blocks of class indices.
func expand(_ blocks: [[Int]], classes: Partition) -> Partition {
    Partition(canonicalizing: blocks.map { $0.flatMap { classes.blocks[$0] } }, count: classes.elementCount)
}

/// Whether coordinate `key` enters the second projection negated: the low bit of
/// ``Symbolic/Mix64/splitMix(_:)``, a fixed ±1 weighting, deterministic across runs (the
/// generic signatures and the layered network ones use the same weights).
@inlinable @inline(__always)
package func projectionNegates(_ key: UInt64) -> Bool { Mix64.splitMix(key) & 1 != 0 }
