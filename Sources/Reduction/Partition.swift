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
    }

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
