/// A product of symbol powers, x_{i1}^{e1} · x_{i2}^{e2} · …, with i1 < i2 < ….
///
/// Symbols are indices into a model's symbol table (state variables first,
/// then parameters kept symbolic). Each factor is packed into one `UInt64`
/// — symbol in the high 32 bits, exponent in the low 32 — so the packed words
/// sort by symbol, compare and hash as plain integers.
///
/// Up to three factors are stored inline (no allocation, no reference counting):
/// mass-action monomials, their derivatives and rate-constant products all fit.
/// Longer monomials keep every factor in a heap array; their first three words
/// are also inline, so comparisons of different monomials rarely leave the struct.
/// A zero word marks an absent factor (a factor's exponent is never 0), which
/// also makes the inline words compare lexicographically with shorter-first.
public struct Monomial: Sendable {
    @usableFromInline internal var w0: UInt64
    @usableFromInline internal var w1: UInt64
    @usableFromInline internal var w2: UInt64
    /// All factors when there are more than ``inlineCapacity``, else `nil`.
    @usableFromInline internal var spill: [UInt64]?

    /// Factors stored without allocation.
    public static let inlineCapacity = 3

    /// The constant monomial 1.
    @inlinable public static var one: Monomial { Monomial() }

    /// The constant monomial 1.
    @inlinable public init() {
        w0 = 0
        w1 = 0
        w2 = 0
        spill = nil
    }

    @inlinable @inline(__always)
    static func pack(_ symbol: Int32, _ exponent: UInt32) -> UInt64 {
        UInt64(UInt32(bitPattern: symbol)) << 32 | UInt64(exponent)
    }

    /// Creates a monomial from already packed, sorted, merged factors.
    @inlinable
    public init<C: Collection>(uncheckedPacked factors: C) where C.Element == UInt64 {
        var i = factors.makeIterator()
        w0 = i.next() ?? 0
        w1 = i.next() ?? 0
        w2 = i.next() ?? 0
        spill = i.next() == nil ? nil : Array(factors)
        _checkInvariants()
    }

    /// Packed factors `(symbol << 32) | exponent`, strictly increasing by symbol, exponents ≥ 1
    /// (a view: no allocation).
    @inlinable package var packedFactors: PackedFactors { PackedFactors(self) }

    /// The packed factors of a monomial as a random-access collection.
    @usableFromInline package struct PackedFactors: RandomAccessCollection, Sendable {
        @usableFromInline let monomial: Monomial
        @usableFromInline package let endIndex: Int
        @inlinable init(_ m: Monomial) {
            monomial = m
            endIndex = m.count
        }
        @inlinable package var startIndex: Int { 0 }
        @inlinable package subscript(i: Int) -> UInt64 {
            if let spill = monomial.spill { return spill[i] }
            precondition(i >= 0 && i < endIndex, "factor index out of range")
            return i == 0 ? monomial.w0 : i == 1 ? monomial.w1 : monomial.w2
        }
    }

    /// One factor symbol^exponent: a view of one packed word (no allocation, no decoding at
    /// the call site).
    @frozen public struct Factor: Sendable, Hashable {
        @usableFromInline let word: UInt64
        @inlinable init(word: UInt64) { self.word = word }
        @inlinable public var symbol: Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: word >> 32)) }
        @inlinable public var exponent: Int { Int(word & 0xFFFF_FFFF) }
    }

    /// The factors, strictly increasing by symbol, exponents ≥ 1 (a view: no allocation).
    @frozen public struct Powers: RandomAccessCollection, Sendable {
        @usableFromInline let packed: PackedFactors
        @inlinable init(_ m: Monomial) { packed = PackedFactors(m) }
        @inlinable public var startIndex: Int { 0 }
        @inlinable public var endIndex: Int { packed.endIndex }
        @inlinable public subscript(i: Int) -> Factor { Factor(word: packed[i]) }
    }

    /// The factors as ``Factor`` values: the way code outside this file reads a monomial.
    @inlinable public var powers: Powers { Powers(self) }

    /// A sortable word for symbol^exponent (by symbol, then exponent), for kernels that rename
    /// the factors of many monomials into a scratch array and build them with
    /// ``init(mergingSortableWords:)``.
    @inlinable package static func sortableWord(symbol: Int32, exponent: Int) -> UInt64 {
        pack(symbol, UInt32(exponent))
    }

    /// The monomial of `words` (``sortableWord(symbol:exponent:)`` values in any order; equal
    /// symbols multiply). Sorts and merges `words` in place.
    /// - Requires: merged exponents fit in 32 bits.
    package init(mergingSortableWords words: inout [UInt64]) {
        if words.count > 1 {
            words.sort()
            var out = 0
            for x in 1..<words.count {
                if words[x] >> 32 == words[out] >> 32 {
                    words[out] += words[x] & 0xFFFF_FFFF
                } else {
                    out += 1
                    words[out] = words[x]
                }
            }
            words.removeLast(words.count - out - 1)
        }
        self.init(uncheckedPacked: words)
    }

    /// The single symbol `symbol` raised to `exponent` (1 when `exponent` is 0).
    public init(symbol: Int32, exponent: Int = 1) {
        precondition(symbol >= 0 && exponent >= 0 && exponent <= Int(UInt32.max))
        w0 = exponent == 0 ? 0 : Monomial.pack(symbol, UInt32(exponent))
        w1 = 0
        w2 = 0
        spill = nil
    }

    /// Creates a monomial from `(symbol, exponent)` pairs in any order; repeated symbols multiply.
    /// - Complexity: O(k log k) for k factors.
    public init<S: Sequence>(factors: S) where S.Element == (symbol: Int32, exponent: Int) {
        var buffer = FactorBuffer()
        for f in factors where f.exponent > 0 {
            precondition(f.symbol >= 0 && f.exponent <= Int(UInt32.max), "monomial factor out of range")
            buffer.append(Monomial.pack(f.symbol, UInt32(f.exponent)))
        }
        self = buffer.sortedMonomial
    }

    /// Number of distinct symbols.
    @inlinable public var count: Int {
        if let spill { return spill.count }
        return w0 == 0 ? 0 : w1 == 0 ? 1 : w2 == 0 ? 2 : 3
    }

    /// Whether this is the constant monomial 1.
    @inlinable public var isOne: Bool { w0 == 0 }

    /// Total degree.
    public var degree: Int { packedFactors.reduce(0) { $0 + Int($1 & 0xFFFF_FFFF) } }

    /// The factors as `(symbol, exponent)` pairs, by increasing symbol.
    public var factors: [(symbol: Int32, exponent: Int)] {
        packedFactors.map { (Int32(bitPattern: UInt32($0 >> 32)), Int($0 & 0xFFFF_FFFF)) }
    }

    /// The exponent of `symbol` (0 if absent).
    /// - Complexity: O(log count).
    public func exponent(of symbol: Int32) -> Int {
        guard let i = index(of: symbol) else { return 0 }
        return Int(packedFactors[i] & 0xFFFF_FFFF)
    }

    /// Position of `symbol` in `packedFactors`.
    func index(of symbol: Int32) -> Int? {
        var lo = 0, hi = packedFactors.count
        let key = UInt64(UInt32(bitPattern: symbol))
        while lo < hi {
            let mid = (lo + hi) / 2
            let s = packedFactors[mid] >> 32
            if s == key { return mid }
            if s < key { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// The product of two monomials (exponents add).
    /// Every exponent multiplied by `exponent`.
    /// - Requires: the resulting exponents fit in 32 bits (callers check ``SymbolicLimits/maximumDegree``).
    public func power(_ exponent: Int) -> Monomial {
        precondition(exponent >= 0)
        if exponent == 0 { return .one }
        return Monomial(uncheckedPacked: packedFactors.map { ($0 >> 32) << 32 | (($0 & 0xFFFF_FFFF) * UInt64(exponent)) })
    }

    public static func * (a: Monomial, b: Monomial) -> Monomial {
        if a.isOne { return b }
        if b.isOne { return a }
        var out = FactorBuffer()
        var i = 0, j = 0
        let x = a.packedFactors, y = b.packedFactors
        while i < x.count && j < y.count {
            let sx = x[i] >> 32, sy = y[j] >> 32
            if sx == sy {
                let e = (x[i] & 0xFFFF_FFFF) + (y[j] & 0xFFFF_FFFF)
                precondition(e <= UInt64(UInt32.max), "monomial exponent overflow")
                out.append(sx << 32 | e)
                i += 1; j += 1
            } else if sx < sy {
                out.append(x[i]); i += 1
            } else {
                out.append(y[j]); j += 1
            }
        }
        while i < x.count { out.append(x[i]); i += 1 }
        while j < y.count { out.append(y[j]); j += 1 }
        return out.monomial
    }

    /// `self / symbol^1` and the exponent `symbol` had, or `nil` when `symbol` does not occur.
    public func removingOne(of symbol: Int32) -> (quotient: Monomial, exponent: Int)? {
        guard let i = index(of: symbol) else { return nil }
        return (removingOne(at: i), Int(packedFactors[i] & 0xFFFF_FFFF))
    }

    /// `self / x`, where x is the symbol of the factor at position `i` of ``packedFactors``.
    public func removingOne(at i: Int) -> Monomial {
        var out = FactorBuffer()
        for (k, w) in packedFactors.enumerated() {
            if k != i {
                out.append(w)
            } else if w & 0xFFFF_FFFF > 1 {
                out.append(w - 1)
            }
        }
        return out.monomial
    }

    #if DEBUG || ODERED_INTERNAL_CHECKS
    @usableFromInline
    func _checkInvariants() {
        for (k, w) in packedFactors.enumerated() {
            precondition(w & 0xFFFF_FFFF >= 1, "zero exponent in monomial")
            if k > 0 { precondition(packedFactors[k - 1] >> 32 < w >> 32, "unsorted monomial") }
        }
        if let spill {
            precondition(spill.count > Monomial.inlineCapacity && (w0, w1, w2) == (spill[0], spill[1], spill[2]), "bad spill")
        } else {
            precondition((w0 != 0 || w1 == 0) && (w1 != 0 || w2 == 0), "gap in inline factors")
        }
    }
    #else
    @inlinable @inline(__always) func _checkInvariants() {}
    #endif
}

extension Monomial: Hashable {
    @inlinable
    public static func == (a: Monomial, b: Monomial) -> Bool {
        if a.w0 != b.w0 || a.w1 != b.w1 || a.w2 != b.w2 { return false }
        switch (a.spill, b.spill) {
        case (nil, nil): return true
        case let (x?, y?): return x == y
        default: return false
        }
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        if let spill {
            hasher.combine(spill)
        } else {
            hasher.combine(w0)
            hasher.combine(w1)
            hasher.combine(w2)
        }
    }
}

extension Monomial: Comparable {
    /// A total order: lexicographic on the packed factors (lower symbols first, shorter first on a tie).
    @inlinable
    public static func < (a: Monomial, b: Monomial) -> Bool {
        if a.w0 != b.w0 { return a.w0 < b.w0 }
        if a.w1 != b.w1 { return a.w1 < b.w1 }
        if a.w2 != b.w2 { return a.w2 < b.w2 }
        switch (a.spill, b.spill) {
        case (nil, nil): return false
        case (nil, _?): return true
        case (_?, nil): return false
        case let (x?, y?):
            let n = Swift.min(x.count, y.count)
            var i = Monomial.inlineCapacity
            while i < n {
                if x[i] != y[i] { return x[i] < y[i] }
                i += 1
            }
            return x.count < y.count
        }
    }
}

/// Packed factors collected in order, inline until they outgrow a monomial's inline storage.
@usableFromInline
struct FactorBuffer {
    @usableFromInline var m = Monomial()
    @usableFromInline var count = 0

    @inlinable init() {}

    @inlinable
    mutating func append(_ f: Monomial.Factor) { append(f.word) }

    @inlinable
    mutating func append(_ w: UInt64) {
        switch count {
        case 0: m.w0 = w
        case 1: m.w1 = w
        case 2: m.w2 = w
        case 3: m.spill = [m.w0, m.w1, m.w2, w]
        default: m.spill!.append(w)
        }
        count += 1
    }

    /// The monomial of the appended factors, which must be sorted by symbol without repeats.
    @inlinable
    var monomial: Monomial {
        m._checkInvariants()
        return m
    }

    /// The monomial of the appended factors in any order; repeated symbols multiply.
    /// Up to three factors are sorted in registers, without allocating.
    @usableFromInline
    var sortedMonomial: Monomial {
        var words: [UInt64]
        if let spill = m.spill {
            words = spill
            words.sort()
        } else {
            var (a, b, c) = (m.w0, m.w1, m.w2)
            // Absent factors are 0: sort the present ones (a sorting network on ≤ 3 words).
            if count == 3 {
                if a > b { swap(&a, &b) }
                if b > c { swap(&b, &c) }
                if a > b { swap(&a, &b) }
            } else if count == 2 && a > b {
                swap(&a, &b)
            }
            if count < 2 || (a >> 32 != b >> 32 && (count < 3 || b >> 32 != c >> 32)) {
                var out = Monomial()
                (out.w0, out.w1, out.w2) = (a, b, c)
                out._checkInvariants()
                return out
            }
            words = Array([a, b, c].prefix(count))
        }
        // Merge repeated symbols (sorted by symbol, so equal symbols are adjacent).
        var out = FactorBuffer()
        var current = words[0]
        for w in words.dropFirst() {
            if w >> 32 == current >> 32 {
                let e = (current & 0xFFFF_FFFF) + (w & 0xFFFF_FFFF)
                precondition(e <= UInt64(UInt32.max), "monomial exponent overflow")
                current = (w >> 32) << 32 | e
            } else {
                out.append(current)
                current = w
            }
        }
        out.append(current)
        return out.monomial
    }
}
