import Symbolic

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
