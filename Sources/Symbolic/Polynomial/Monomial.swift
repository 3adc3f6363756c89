/// A product of symbol powers, x_{i1}^{e1} · x_{i2}^{e2} · …, with i1 < i2 < ….
///
/// Symbols are indices into a model's symbol table (state variables first,
/// then parameters kept symbolic). Each factor is packed into one `UInt64`
/// — symbol in the high 32 bits, exponent in the low 32 — so the packed words
/// sort by symbol, compare and hash as plain integers, and the constant
/// monomial is an empty array (no allocation).
public struct Monomial: Hashable, Sendable {
    /// Packed factors `(symbol << 32) | exponent`, strictly increasing by symbol, exponents ≥ 1.
    public private(set) var packedFactors: [UInt64]

    /// The constant monomial 1.
    public static let one = Monomial(uncheckedPacked: [])

    @inlinable @inline(__always)
    static func pack(_ symbol: Int32, _ exponent: UInt32) -> UInt64 {
        UInt64(UInt32(bitPattern: symbol)) << 32 | UInt64(exponent)
    }

    /// Creates a monomial from already packed, sorted, merged factors.
    public init(uncheckedPacked factors: [UInt64]) {
        self.packedFactors = factors
        _checkInvariants()
    }

    /// The single symbol `symbol` raised to `exponent` (1 when `exponent` is 0).
    public init(symbol: Int32, exponent: Int = 1) {
        precondition(symbol >= 0 && exponent >= 0 && exponent <= Int(UInt32.max))
        self.packedFactors = exponent == 0 ? [] : [Monomial.pack(symbol, UInt32(exponent))]
    }

    /// Creates a monomial from `(symbol, exponent)` pairs in any order; repeated symbols multiply.
    /// - Complexity: O(k log k) for k factors.
    public init<S: Sequence>(factors: S) where S.Element == (symbol: Int32, exponent: Int) {
        var packed: [UInt64] = []
        packed.reserveCapacity(factors.underestimatedCount)
        for f in factors where f.exponent > 0 {
            precondition(f.symbol >= 0 && f.exponent <= Int(UInt32.max), "monomial factor out of range")
            packed.append(Monomial.pack(f.symbol, UInt32(f.exponent)))
        }
        if packed.count > 1 {
            packed.sort()
            // Merge repeated symbols (sorted by symbol, so equal symbols are adjacent).
            var out = 0
            for w in packed.dropFirst() {
                if w >> 32 == packed[out] >> 32 {
                    let e = (packed[out] & 0xFFFF_FFFF) + (w & 0xFFFF_FFFF)
                    precondition(e <= UInt64(UInt32.max), "monomial exponent overflow")
                    packed[out] = (w >> 32) << 32 | e
                } else {
                    out += 1
                    packed[out] = w
                }
            }
            packed.removeLast(packed.count - out - 1)
        }
        self.init(uncheckedPacked: packed)
    }

    /// Number of distinct symbols.
    @inlinable public var count: Int { packedFactors.count }

    /// Whether this is the constant monomial 1.
    @inlinable public var isOne: Bool { packedFactors.isEmpty }

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
    public static func * (a: Monomial, b: Monomial) -> Monomial {
        if a.isOne { return b }
        if b.isOne { return a }
        var out: [UInt64] = []
        out.reserveCapacity(a.count + b.count)
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
        out.append(contentsOf: x[i...])
        out.append(contentsOf: y[j...])
        return Monomial(uncheckedPacked: out)
    }

    /// `self / symbol^1` and the exponent `symbol` had, or `nil` when `symbol` does not occur.
    public func removingOne(of symbol: Int32) -> (quotient: Monomial, exponent: Int)? {
        guard let i = index(of: symbol) else { return nil }
        var f = packedFactors
        let e = f[i] & 0xFFFF_FFFF
        if e == 1 { f.remove(at: i) } else { f[i] -= 1 }
        return (Monomial(uncheckedPacked: f), Int(e))
    }

    #if DEBUG
    func _checkInvariants() {
        for (k, w) in packedFactors.enumerated() {
            precondition(w & 0xFFFF_FFFF >= 1, "zero exponent in monomial")
            if k > 0 { precondition(packedFactors[k - 1] >> 32 < w >> 32, "unsorted monomial") }
        }
    }
    #else
    @inline(__always) func _checkInvariants() {}
    #endif
}

extension Monomial: Comparable {
    /// A total order: lexicographic on the packed factors (lower symbols first, shorter first on a tie).
    @inlinable
    public static func < (a: Monomial, b: Monomial) -> Bool {
        a.packedFactors.withUnsafeBufferPointer { x in
            b.packedFactors.withUnsafeBufferPointer { y in
                let n = Swift.min(x.count, y.count)
                var i = 0
                while i < n {
                    if x[i] != y[i] { return x[i] < y[i] }
                    i += 1
                }
                return x.count < y.count
            }
        }
    }
}
