import Symbolic

/// A partition of the variables `0..<count` into non-empty blocks.
///
/// Stored canonically: members ascending within each block, blocks ordered by
/// their smallest member (the first-declared variable), so two equal partitions
/// have equal representations and output is deterministic.
public struct Partition: Hashable, Sendable {
    /// The blocks, canonical order.
    public let blocks: [[Int]]
    /// `blockOf[i]` is the index in ``blocks`` of the block holding variable `i`.
    public let blockOf: [Int]

    /// Number of elements partitioned.
    public var elementCount: Int { blockOf.count }

    /// Why a list of blocks is not a partition.
    public struct InvalidPartition: Error, CustomStringConvertible {
        public var description: String
    }

    /// Validates and canonicalizes `blocks` as a partition of `0..<count`.
    public init(blocks: [[Int]], count: Int) throws(InvalidPartition) {
        var owner = [Int](repeating: -1, count: count)
        for (b, block) in blocks.enumerated() {
            if block.isEmpty { throw InvalidPartition(description: "block \(b + 1) is empty") }
            for i in block {
                guard i >= 0 && i < count else { throw InvalidPartition(description: "element \(i) out of range 0..<\(count)") }
                guard owner[i] < 0 else { throw InvalidPartition(description: "element \(i) occurs in two blocks") }
                owner[i] = b
            }
        }
        if let missing = owner.firstIndex(of: -1) {
            throw InvalidPartition(description: "element \(missing) is in no block")
        }
        self.init(canonicalizing: blocks, count: count)
    }

    /// Canonicalizes blocks known to form a partition (built by odered itself, never read
    /// from input): non-empty, disjoint, covering `0..<count`.
    /// - Requires: `blocks` is a partition of `0..<count`; checked when internal checks are on.
    package init(canonicalizing blocks: [[Int]], count: Int) {
        var sorted = blocks.map { $0.sorted() }
        sorted.sort { $0[0] < $1[0] }
        var owner = [Int](repeating: 0, count: count)
        for (b, block) in sorted.enumerated() { for i in block { owner[i] = b } }
        self.blocks = sorted
        self.blockOf = owner
        _checkInvariants()
    }

    #if DEBUG || ODERED_INTERNAL_CHECKS
    /// Non-empty blocks, ascending inside, ordered by first member, covering `0..<count` once,
    /// with `blockOf` pointing at each element's block. Compiled in debug builds and in any
    /// build with `-DODERED_INTERNAL_CHECKS` (CI runs the suite once that way).
    func _checkInvariants() {
        var seen = [Bool](repeating: false, count: blockOf.count)
        for (b, block) in blocks.enumerated() {
            precondition(!block.isEmpty, "empty block")
            if b > 0 { precondition(blocks[b - 1][0] < block[0], "blocks not ordered by first member") }
            for (k, i) in block.enumerated() {
                precondition(i >= 0 && i < blockOf.count && !seen[i], "element out of range or in two blocks")
                if k > 0 { precondition(block[k - 1] < i, "block not ascending") }
                seen[i] = true
                precondition(blockOf[i] == b, "blockOf disagrees with blocks")
            }
        }
        precondition(!seen.contains(false), "element in no block")
    }
    #else
    @inline(__always) func _checkInvariants() {}
    #endif

    /// The partition with one block holding everything (none if `count == 0`).
    public static func single(count: Int) -> Partition {
        Partition(canonicalizing: count == 0 ? [] : [Array(0..<count)], count: count)
    }

    /// The partition into singletons.
    public static func discrete(count: Int) -> Partition {
        Partition(canonicalizing: (0..<count).map { [$0] }, count: count)
    }

    /// Whether every block of `self` lies inside a block of `other`.
    public func refines(_ other: Partition) -> Bool {
        blocks.allSatisfy { block in block.allSatisfy { other.blockOf[$0] == other.blockOf[block[0]] } }
    }

    /// The common refinement (meet) of two partitions of the same elements.
    public func meet(_ other: Partition) -> Partition {
        var groups: [[Int]: [Int]] = [:]
        var order: [[Int]] = []
        for i in 0..<elementCount {
            let key = [blockOf[i], other.blockOf[i]]
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(i)
        }
        return Partition(canonicalizing: order.map { groups[$0]! }, count: elementCount)
    }

    /// Makes the given elements singletons (keeping the rest of the structure).
    public func isolating(_ elements: some Sequence<Int>) -> Partition {
        let isolated = Set(elements)
        var result: [[Int]] = []
        for block in blocks {
            let rest = block.filter { !isolated.contains($0) }
            if !rest.isEmpty { result.append(rest) }
            for i in block where isolated.contains(i) { result.append([i]) }
        }
        return Partition(canonicalizing: result, count: elementCount)
    }
}
