import Symbolic

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
                let members = partition.members(b).map(Int.init).sorted()
                let groups = ApproximateClustering.cluster(members, in: set, epsilon: epsilon, linkage: linkage,
                                                           relative: relative, projectionCache: &projections).clusters
                    .map { $0.map(Int32.init) }
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
}
