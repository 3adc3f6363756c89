/// A parameter budget, shared by merging (`compress --target-…`) and pruning (`prune`).
public enum ParameterBudget: Sendable, Equatable {
    /// At most this many parameters.
    case parameters(Int)
    /// GRP: at most this percentage (0, 100] of the network's parameters.
    case grp(Double)

    /// The largest parameter count the budget allows for `net` (GRP rounds down).
    public func limit(for net: Network) -> Int {
        switch self {
        case .parameters(let n): return n
        case .grp(let g): return Int((g / 100 * Double(net.parameterCount)).rounded(.down))
        }
    }
}

/// How parameters are counted in a report.
public enum ParameterCounting: Sendable, Equatable {
    /// Every weight and bias of the dense layers (merged networks: a merge removes whole rows
    /// and columns).
    case dense
    /// Nonzero weights plus every bias (pruned networks: a zero weight is a removed connection).
    case nonzeroWeights
}

extension Layer {
    /// Nonzero weights plus biases.
    public var nonzeroParameterCount: Int {
        weights.reduce(outputCount) { n, row in n + row.reduce(0) { $0 + ($1.isZero ? 0 : 1) } }
    }

    /// Parameters as `counting` counts them.
    public func parameterCount(_ counting: ParameterCounting) -> Int {
        counting == .dense ? parameterCount : nonzeroParameterCount
    }
}

extension Network {
    /// Parameters as `counting` counts them.
    public func parameterCount(_ counting: ParameterCounting) -> Int {
        layers.reduce(0) { $0 + $1.parameterCount(counting) }
    }
}

/// Splits `total` into parts proportional to `sizes`, each at most its size, summing to
/// min(total, Σ sizes): floors of the exact quotas, then one more to the largest remainders
/// (ties: the earlier part). Hamilton's largest-remainder method, in integers.
/// - Complexity: O(k log k) for k parts.
func proportionalSplit(_ total: Int, sizes: [Int]) -> [Int] {
    let sum = sizes.reduce(0, +)
    if total >= sum { return sizes }
    if total <= 0 || sum == 0 { return sizes.map { _ in 0 } }
    // Quotas total·size/sum; the products fit 64 bits for any network that fits memory.
    var parts = sizes.map { total * $0 / sum }
    let remainders = sizes.map { total * $0 % sum }
    var left = total - parts.reduce(0, +)
    for k in sizes.indices.sorted(by: { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }) {
        if left == 0 { break }
        if parts[k] < sizes[k] { parts[k] += 1; left -= 1 }
    }
    return parts
}
