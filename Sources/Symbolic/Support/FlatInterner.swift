/// Dense ids for short sequences of integers: equal sequences get equal ids `0, 1, 2, …`
/// in order of first sight.
///
/// All sequences live back to back in one flat arena, and the lookup is an
/// open-addressing table with a multiplicative hash of the elements. Interning a
/// sequence given as a buffer allocates nothing per sequence, which is why the
/// readers (names as UTF-8 bytes) and the refinement tables (monomials as packed
/// factor words, see ``MonomialInterner``) use this instead of a dictionary keyed
/// by `String` or ``Monomial`` (one heap object per key, hashed with SipHash).
package struct FlatInterner<Element: FixedWidthInteger> {
    /// Elements of every interned sequence, back to back.
    @usableFromInline internal var arena: [Element] = []
    /// Sequence `id` occupies `arena[start[id]..<start[id + 1]]`.
    @usableFromInline internal var start: [Int] = [0]
    /// Hash of each sequence, by id (kept so that growing the table never rehashes elements).
    @usableFromInline internal var hashes: [UInt64] = []
    /// Open-addressing slots of two words: `(hash >> 32) << 32 | (id + 1)` (0 = empty), then the
    /// sequence itself when it fits in 7 bytes (``shortKey(_:)``, else 0). The slot count is a
    /// power of two, at least twice the number of ids. The hash tag settles most mismatches and
    /// the short key most matches (names like `x12345`) without touching the arena: on large
    /// tables each touch is a cache miss.
    @usableFromInline internal var slots: [UInt64] = [UInt64](repeating: 0, count: 32)

    /// Creates an empty interner.
    @inlinable package init() {}

    /// Number of distinct sequences interned.
    @inlinable package var count: Int { _count }
    @usableFromInline internal var _count = 0

    /// The id of `elements`, interning the sequence if it is new.
    /// - Complexity: O(k) expected for k elements (amortized over table growth).
    @inlinable
    package mutating func intern(_ elements: UnsafeBufferPointer<Element>) -> Int32 {
        let key = FlatInterner.shortKey(elements)
        let h = FlatInterner.hash(elements, shortKey: key)
        let (found, slot) = find(elements, hash: h, shortKey: key)
        if let found { return found }
        precondition(_count < Int(Int32.max) - 1, "too many distinct entries")
        let id = _count
        arena.append(contentsOf: elements)
        start.append(arena.count)
        hashes.append(h)
        slots[2 * slot] = FlatInterner.slotEntry(hash: h, id: id)
        slots[2 * slot + 1] = key ?? 0
        _count += 1
        if 4 * _count > slots.count { grow() }
        return Int32(id)
    }

    /// The id of `elements` if the sequence was interned.
    @inlinable
    package func id(of elements: UnsafeBufferPointer<Element>) -> Int32? {
        let key = FlatInterner.shortKey(elements)
        return find(elements, hash: FlatInterner.hash(elements, shortKey: key), shortKey: key).id
    }

    /// Calls `body` with the elements of sequence `id`.
    @inlinable
    package func withElements<R>(of id: Int32, _ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        let lo = start[Int(id)], hi = start[Int(id) + 1]
        return try arena.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[lo..<hi])) }
    }

    /// The id of `elements` (or `nil`) and the slot where the search ended.
    @inlinable @inline(__always)
    internal func find(_ elements: UnsafeBufferPointer<Element>, hash h: UInt64, shortKey key: UInt64?) -> (id: Int32?, slot: Int) {
        let mask = slots.count / 2 - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        let tag = h & 0xFFFF_FFFF_0000_0000
        while true {
            let entry = slots[2 * slot]
            if entry == 0 { return (nil, slot) }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int(entry & 0xFFFF_FFFF) - 1
                if let key {
                    if slots[2 * slot + 1] == key { return (Int32(id), slot) }
                } else if equals(id, elements) {
                    return (Int32(id), slot)
                }
            }
            slot = (slot + 1) & mask
        }
    }

    @inlinable
    internal func equals(_ id: Int, _ elements: UnsafeBufferPointer<Element>) -> Bool {
        let lo = start[id], hi = start[id + 1]
        guard hi - lo == elements.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            for k in 0..<elements.count where a[lo + k] != elements[k] { return false }
            return true
        }
    }

    @usableFromInline
    internal mutating func grow() {
        let size = slots.count * 2
        let mask = size / 2 - 1
        var fresh = [UInt64](repeating: 0, count: size)
        for id in 0..<count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while fresh[2 * slot] != 0 { slot = (slot + 1) & mask }
            fresh[2 * slot] = FlatInterner.slotEntry(hash: hashes[id], id: id)
            fresh[2 * slot + 1] = withElements(of: Int32(id)) { FlatInterner.shortKey($0) } ?? 0
        }
        slots = fresh
    }

    @inlinable @inline(__always)
    static func slotEntry(hash: UInt64, id: Int) -> UInt64 { hash & 0xFFFF_FFFF_0000_0000 | UInt64(id + 1) }

    /// The sequence packed into one word when its bytes fit in 7 (bit 63 set, byte count in
    /// bits 56–62, bytes below), else `nil`. Equal words ⟺ equal short sequences.
    @inlinable @inline(__always)
    static func shortKey(_ elements: UnsafeBufferPointer<Element>) -> UInt64? {
        let raw = UnsafeRawBufferPointer(elements)
        guard raw.count <= 7 else { return nil }
        var key: UInt64 = 1 << 63 | UInt64(raw.count) << 56
        for (i, b) in raw.enumerated() { key |= UInt64(b) << (8 * i) }
        return key
    }

    /// A multiplicative hash; the high bits are folded down because the table uses the low bits.
    @inlinable @inline(__always)
    static func hash(_ elements: UnsafeBufferPointer<Element>, shortKey: UInt64?) -> UInt64 {
        if let key = shortKey {  // one mix of the packed word (length included)
            var h = Mix64.fold(0, key)
            h ^= h >> 29
            h &*= Mix64.second
            return h ^ (h >> 32)
        }
        var h: UInt64 = 0x243F_6A88_85A3_08D3 &+ UInt64(elements.count)
        for e in elements {
            h = Mix64.fold(h, UInt64(truncatingIfNeeded: e))
            h ^= h >> 29
        }
        h &*= Mix64.second
        return h ^ (h >> 32)
    }
}

/// Dense ids for monomials given as packed factor words (the encoding of ``Monomial/packedFactors``).
package typealias MonomialInterner = FlatInterner<UInt64>

extension FlatInterner where Element == UInt64 {
    /// The id of `monomial`, interning it if it is new.
    @inlinable
    package mutating func intern(_ monomial: Monomial) -> Int32 {
        if let spill = monomial.spill { return spill.withUnsafeBufferPointer { intern($0) } }
        var words = (monomial.w0, monomial.w1, monomial.w2)
        let n = monomial.count
        return withUnsafePointer(to: &words) {
            $0.withMemoryRebound(to: UInt64.self, capacity: 3) { intern(UnsafeBufferPointer(start: $0, count: n)) }
        }
    }
}
