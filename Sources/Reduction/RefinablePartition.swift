/// The mutable partition used during refinement (Valmari–Lehtinen style).
///
/// Elements of a block occupy a contiguous range of `elements`; splitting a
/// block moves chosen elements to its end and opens a new block on them, so a
/// split costs time proportional to the elements moved.
struct RefinablePartition {
    private(set) var elements: [Int32]
    private(set) var position: [Int32]
    private(set) var blockOf: [Int32]
    private(set) var start: [Int32]
    private(set) var end: [Int32]

    init(blocks: [[Int]], count: Int) {
        elements = []
        elements.reserveCapacity(count)
        position = [Int32](repeating: 0, count: count)
        blockOf = [Int32](repeating: 0, count: count)
        start = []
        end = []
        for (b, block) in blocks.enumerated() {
            start.append(Int32(elements.count))
            for i in block {
                position[i] = Int32(elements.count)
                blockOf[i] = Int32(b)
                elements.append(Int32(i))
            }
            end.append(Int32(elements.count))
        }
    }

    var blockCount: Int { start.count }

    @inline(__always) func size(_ b: Int32) -> Int { Int(end[Int(b)] - start[Int(b)]) }

    func members(_ b: Int32) -> ArraySlice<Int32> { elements[Int(start[Int(b)])..<Int(end[Int(b)])] }

    /// Moves `group` (elements all in block `b`, not the whole block) into a new block; returns its id.
    mutating func split(_ b: Int32, moving group: [Int32]) -> Int32 {
        let bi = Int(b)
        var boundary = end[bi]
        for x in group {
            boundary -= 1
            let px = position[Int(x)]
            let y = elements[Int(boundary)]
            elements[Int(boundary)] = x
            elements[Int(px)] = y
            position[Int(y)] = px
            position[Int(x)] = boundary
        }
        let newBlock = Int32(start.count)
        start.append(boundary)
        end.append(end[bi])
        end[bi] = boundary
        for x in group { blockOf[Int(x)] = newBlock }
        precondition(end[bi] > start[bi], "split must leave the old block non-empty")
        return newBlock
    }

    /// The blocks as lists of elements.
    func blocks() -> [[Int]] {
        (0..<start.count).map { b in members(Int32(b)).map(Int.init) }
    }
}
