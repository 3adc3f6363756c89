import Symbolic

/// One signature entry: a key (group << 32 | monomial id) and its exact value. A named struct,
/// not a tuple: arrays of it copy and destroy without generic tuple witnesses.
struct KeyedValue {
    var key: UInt64
    var value: Rational
}

/// Sparse signature vectors of all elements, in one buffer.
///
/// Element e owns entries `start[e]..<start[e+1]`: keys strictly increasing, values
/// nonzero. A key's high 32 bits name a *group* (the splitter block H for forward
/// signatures; 0 for backward ones), the low 32 bits a coordinate within it; the
/// relative distance normalizes per group.
struct SignatureSet: ClusterableSignatures {
    var start: [Int] = [0]
    var keys: [UInt64] = []
    var values: [Rational] = []

    var count: Int { start.count - 1 }

    /// Reserves room for `entries` keys and values in all.
    mutating func reserveCapacity(elements: Int, entries: Int) {
        start.reserveCapacity(elements + 1)
        keys.reserveCapacity(entries)
        values.reserveCapacity(entries)
    }

    /// Appends one element's entries (sorted by key, keys unique; zero values are dropped).
    mutating func append(_ entries: [KeyedValue]) {
        for e in entries where !e.value.isZero {
            keys.append(e.key)
            values.append(e.value)
        }
        start.append(keys.count)
    }

    /// Appends entries sorted by key with repeats, summing equal keys.
    mutating func appendCombining(_ entries: [KeyedValue]) {
        var x = 0
        while x < entries.count {
            let k = entries[x].key
            var sum = entries[x].value
            x += 1
            while x < entries.count && entries[x].key == k {
                sum += entries[x].value
                x += 1
            }
            if !sum.isZero {
                keys.append(k)
                values.append(sum)
            }
        }
        start.append(keys.count)
    }

    /// Appends a copy of element `e`'s signature in `other`.
    mutating func appendCopy(of e: Int, from other: SignatureSet) {
        keys.append(contentsOf: other.keys[other.start[e]..<other.start[e + 1]])
        values.append(contentsOf: other.values[other.start[e]..<other.start[e + 1]])
        start.append(keys.count)
    }

    /// Whether signature `a` of this set equals signature `b` of `other`.
    func isEqual(_ a: Int, to other: SignatureSet, _ b: Int) -> Bool {
        sparseEntriesEqual(keys, values, start[a]..<start[a + 1], other.keys, other.values, other.start[b]..<other.start[b + 1])
    }

    /// A hash of signature `e`; equal signatures hash equally. A multiplicative mix rather than
    /// `Hasher` (SipHash): signatures are hashed once per element per round.
    func signatureHash(_ e: Int) -> Int {
        var h: UInt64 = 0x243F_6A88_85A3_08D3
        for x in start[e]..<start[e + 1] {
            h = Mix64.fold(h, keys[x])
            h = Mix64.fold(h, values[x].hashWord, by: Mix64.second)
            h ^= h >> 31
        }
        return Int(truncatingIfNeeded: h)
    }

    func signaturesEqual(_ a: Int, _ b: Int) -> Bool { isEqual(a, to: self, b) }

    /// ‖a − b‖₁ (or the per-group relative sum), or `nil` once it exceeds `bound`.
    ///
    /// All terms are non-negative, so the partial sum can stop early.
    func distance(_ a: Int, _ b: Int, relative: Bool, within bound: Rational) -> Rational? {
        if !relative, let result = machineDistance(a, b, within: bound) { return result }
        var x = start[a], y = start[b]
        let xe = start[a + 1], ye = start[b + 1]
        var total = Rational.zero
        if !relative {
            while x < xe || y < ye {
                let d: Rational
                if y >= ye || (x < xe && keys[x] < keys[y]) {
                    d = values[x].magnitude; x += 1
                } else if x >= xe || keys[y] < keys[x] {
                    d = values[y].magnitude; y += 1
                } else {
                    d = (values[x] - values[y]).magnitude; x += 1; y += 1
                }
                total += d
                if total > bound { return nil }
            }
            return total
        }
        while x < xe || y < ye {
            // One group at a time: the smaller group id present.
            let gx = x < xe ? keys[x] >> 32 : UInt64.max
            let gy = y < ye ? keys[y] >> 32 : UInt64.max
            let g = min(gx, gy)
            var diff = Rational.zero, na = Rational.zero, nb = Rational.zero
            while x < xe || y < ye {
                let kx = x < xe && keys[x] >> 32 == g ? keys[x] : nil
                let ky = y < ye && keys[y] >> 32 == g ? keys[y] : nil
                if kx == nil && ky == nil { break }
                if let kx, ky == nil || kx < ky! {
                    diff += values[x].magnitude; na += values[x].magnitude; x += 1
                } else if let ky, kx == nil || ky < kx! {
                    diff += values[y].magnitude; nb += values[y].magnitude; y += 1
                } else {
                    diff += (values[x] - values[y]).magnitude
                    na += values[x].magnitude; nb += values[y].magnitude
                    x += 1; y += 1
                }
            }
            let norm = max(na, nb)
            if !norm.isZero { total += diff / norm }
            if total > bound { return nil }
        }
        return total
    }

    /// ``distance(_:_:relative:within:)`` (absolute) in 64-bit fractions: `.some(d)` with `d` the
    /// distance or `nil` above `bound`, or `nil` when a value or a partial sum does not fit
    /// (then the caller computes it with `Rational`).
    private func machineDistance(_ a: Int, _ b: Int, within bound: Rational) -> Rational?? {
        guard let (bn, bd) = bound.smallParts else { return nil }
        func small(_ r: Rational) -> SmallFraction? { r.smallParts.map { SmallFraction(numerator: $0.numerator, denominator: $0.denominator) } }
        var x = start[a], y = start[b]
        let xe = start[a + 1], ye = start[b + 1]
        var total = SmallFraction.zero
        while x < xe || y < ye {
            var d: SmallFraction
            if y >= ye || (x < xe && keys[x] < keys[y]) {
                guard let v = small(values[x]) else { return nil }
                d = v; x += 1
            } else if x >= xe || keys[y] < keys[x] {
                guard let v = small(values[y]) else { return nil }
                d = v; y += 1
            } else {
                guard let u = small(values[x]), let v = small(values[y]),
                      let difference = u.plus(SmallFraction(numerator: -v.numerator, denominator: v.denominator)) else { return nil }
                d = difference; x += 1; y += 1
            }
            d.numerator = abs(d.numerator)  // never Int64.min: Rational and MachineFraction exclude it
            guard let sum = total.plus(d) else { return nil }
            total = sum
            // total > bound ⟺ total.n · bound.d > bound.n · total.d (denominators positive).
            let l = total.numerator.multipliedFullWidth(by: bd), r = bn.multipliedFullWidth(by: total.denominator)
            if (l.high, l.low) > (r.high, r.low) { return .some(nil) }
        }
        return .some(Rational(Int(total.numerator), Int(total.denominator)))
    }

    /// The largest per-group norm max_H ‖a_H‖₁ of element `a`: relative distances divide
    /// each group's difference by a group norm, so projections differ by at most this per unit.
    func relativeScale(_ a: Int) -> Rational {
        var best = Rational.zero, current = Rational.zero
        var group = UInt64.max
        for x in start[a]..<start[a + 1] {
            if keys[x] >> 32 != group {
                best = max(best, current)
                current = .zero
                group = keys[x] >> 32
            }
            current += values[x].magnitude
        }
        return max(best, current)
    }

    /// Two 1-Lipschitz projections (for ‖·‖₁): the sum of coordinates, and a fixed ±1
    /// weighting by a hash of the key. |p(a) − p(b)| ≤ ‖a − b‖₁.
    func projections(_ a: Int) -> (Rational, Rational) {
        var p1 = ExactSum(), p2 = ExactSum()
        for x in start[a]..<start[a + 1] {
            p1.add(values[x])
            p2.add(values[x], negated: projectionNegates(keys[x]))
        }
        return (p1.value, p2.value)
    }
}

/// Whether two sparse vectors, each given by parallel key and value arrays and a range of
/// entries (keys strictly increasing, values nonzero), are equal: the same length and the same
/// entries. Signatures of the refiner, of ``SignatureSet`` and of its rounds all compare this way.
@inline(__always)
func sparseEntriesEqual<Key: Equatable, Value: Equatable>(
    _ keys: [Key], _ values: [Value], _ a: Range<Int>,
    _ otherKeys: [Key], _ otherValues: [Value], _ b: Range<Int>
) -> Bool {
    guard a.count == b.count else { return false }
    let offset = b.lowerBound - a.lowerBound
    for x in a where keys[x] != otherKeys[x + offset] || values[x] != otherValues[x + offset] { return false }
    return true
}
