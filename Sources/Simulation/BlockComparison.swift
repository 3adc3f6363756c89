/// How a reduced variable relates to its block of original variables.
public enum BlockMeaning: Sendable {
    /// Forward equivalence: the reduced variable is the sum of the members.
    case sum
    /// Backward equivalence: the reduced variable is the members' common value.
    case commonValue
}

/// One block's error over a horizon: the original's block sum (or each member, for
/// ``BlockMeaning/commonValue``) against the reduced variable.
public struct BlockError: Sendable {
    /// The reduced variable's column.
    public var reduced: Int
    /// The members' columns in the original.
    public var members: [Int]
    /// max over the output times of |original − reduced|.
    public var maxAbsolute: Double
    /// ``maxAbsolute`` divided by the largest |original| value of the block over the horizon
    /// (a scale of the block, robust where the block passes through 0); 0 when both vanish.
    public var maxRelative: Double
    /// The output time of the largest absolute error.
    public var timeOfMax: Double
}

/// Per-block errors between an original trajectory and a reduced one at the same times.
/// - Requires: both trajectories have the same times; `blocks[b]` lists the original columns
///   of reduced column `reducedColumns[b]`.
/// - Complexity: O(times × original columns).
public func blockErrors(original: Trajectory, reduced: Trajectory, blocks: [[Int]], reducedColumns: [Int],
                        meaning: BlockMeaning) -> [BlockError] {
    precondition(original.times == reduced.times && blocks.count == reducedColumns.count)
    var result: [BlockError] = []
    for (b, members) in blocks.enumerated() {
        let r = reducedColumns[b]
        var maxAbs = 0.0, scale = 0.0, at = original.times.first ?? 0
        for row in 0..<original.count {
            let z = reduced.value(row, r)
            let candidates: [Double]
            switch meaning {
            case .sum: candidates = [members.reduce(0) { $0 + original.value(row, $1) }]
            case .commonValue: candidates = members.map { original.value(row, $0) }
            }
            for x in candidates {
                scale = max(scale, abs(x))
                let d = abs(x - z)
                // NaN is never smaller: a non-finite value is reported, not hidden.
                if !(d <= maxAbs) { maxAbs = d; at = original.times[row] }
            }
        }
        let relative = maxAbs == 0 ? 0 : maxAbs / max(scale, Double.leastNormalMagnitude)
        result.append(BlockError(reduced: r, members: members, maxAbsolute: maxAbs, maxRelative: relative, timeOfMax: at))
    }
    return result
}
