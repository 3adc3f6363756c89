#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exact constants beyond the rationals: values that are polynomials in irrational constant
/// atoms (``ConstantAtom``), and the arithmetic, powers and built-in functions on them.
///
/// A *constant* is a polynomial whose symbols are all atoms (a rational is the polynomial
/// with no symbol). Functions of constants evaluate exactly when the result is rational
/// (`sqrt(9/4)` = 3/2, `ln(1)` = 0, `log10(1000)` = 3, `8^(2/3)` = 4, `cos(0)` = 1) and are
/// otherwise a new atom named by the canonical text of the call. Selections (`min`, `max`,
/// `abs`, `sign`, `rint`, `if`, comparisons) of irrational constants are decided by their
/// double values only when the double error bound cannot change the outcome; otherwise the
/// input is refused (odered never guesses).
extension ExpressionParser {
    /// `p` with known parameter values substituted (rational values and irrational
    /// definitions; atoms stay), if that leaves only atoms: the exact constant, else `nil`.
    func constantPolynomial(_ p: Polynomial) throws(SymbolicLimitError) -> Polynomial? {
        if p.constantValue != nil { return p }
        var map: [Int32: Polynomial] = [:]
        for s in p.symbols {
            guard let c = model.constantPolynomial(of: s) else { return nil }
            if model.atom(of: s) == nil { map[s] = c }
        }
        if map.isEmpty { return p }
        return try p.substituting(map)
    }

    /// ``constantPolynomial(_:)`` with a size error reported at `offset`.
    func constantPolynomial(_ p: Polynomial, _ source: SourceText, at offset: Int) throws(LocatedInputError) -> Polynomial? {
        do { return try constantPolynomial(p) } catch { throw source.error(at: offset, error.description) }
    }

    /// The double value of a constant with a bound on its error: each atom carries the bound
    /// propagated when it was made (``errorBound(_:at:_:)``), each product and the sum add a
    /// few units in the last place, and the total is doubled for safety.
    func approximate(_ c: Polynomial) -> (value: Double, error: Double) {
        var sum = 0.0, error = 0.0
        for t in c.terms {
            var product = t.coefficient.doubleValue
            var relative = 4 * Double.ulpOfOne
            for (s, e) in t.monomial.factors {
                let v = model.atom(of: s)?.approximation ?? .nan
                product *= pow(v, Double(e))
                relative += Double(e) * ((model.atomError(of: s) / abs(v)) + 2 * Double.ulpOfOne)
            }
            sum += product
            error += abs(product) * relative
        }
        // Products below the normal range lose relative precision: count each as uncertain by
        // the smallest normal magnitude.
        error += abs(sum) * Double(c.count) * Double.ulpOfOne + Double(c.count) * Double.leastNormalMagnitude
        return (sum, error.isNaN ? .infinity : 1.25 * error)
    }

    /// A bound on |f(x) − f(v)| for |x − v| ≤ `error`, from f at both ends of the interval,
    /// with a margin, plus rounding of f(v) itself. Valid for functions monotone or convex on
    /// the window (every built-in away from its singularities; a NaN or infinite end gives an
    /// infinite bound). Periodic functions use ``periodicBound(_:at:_:)``.
    func errorBound(_ f: (Double) -> Double, at v: Double, _ error: Double) -> Double {
        let fv = f(v)
        let spread = Swift.max(abs(f(v + error) - fv), abs(f(v - error) - fv))
        guard spread.isFinite, fv.isFinite, error.isFinite else { return .infinity }
        return 1.25 * spread + 4 * fv.ulp
    }

    /// The error bound of sin, cos (1-Lipschitz, so at most the window, never more than 2) and
    /// tan (sampled like a monotone function, infinite when a pole may lie in the window).
    func periodicBound(_ name: String, at v: Double, _ error: Double) -> Double {
        guard error.isFinite else { return .infinity }
        switch name {
        case "sin", "cos": return Swift.min(2, 1.25 * error) + 4 * Swift.max(abs(sin(v)), abs(cos(v))).ulp
        default:
            let c = [cos(v - error), cos(v), cos(v + error)]
            guard error < 0.25, c.allSatisfy({ $0 > 0 }) || c.allSatisfy({ $0 < 0 }) else { return .infinity }
            return errorBound(tan, at: v, error)
        }
    }
    /// The sign of a constant when it is certain (exactly for rationals; for irrational
    /// constants when the double value is further from 0 than its error bound).
    func certainSign(_ c: Polynomial) -> Int? {
        if let r = c.constantValue { return r.signum }
        let (v, e) = approximate(c)
        guard v.isFinite else { return nil }
        return v > e ? 1 : v < -e ? -1 : nil
    }

    /// Canonical text of a constant: terms sorted by their text, exact coefficients, atoms by
    /// their canonical text; no blanks. The same constant has the same text in every file.
    func canonicalText(_ c: Polynomial) -> String {
        if let r = c.constantValue { return r.description }
        var pieces: [(monomial: String, coefficient: Rational)] = []
        for t in c.terms {
            let factors = t.monomial.factors.map { f -> String in
                let text = model.names[Int(f.symbol)]
                return f.exponent == 1 ? text : "\(text)^\(f.exponent)"
            }.sorted()
            pieces.append((factors.joined(separator: "*"), t.coefficient))
        }
        pieces.sort { $0.monomial < $1.monomial }
        var out = ""
        for (k, piece) in pieces.enumerated() {
            var c = piece.coefficient
            let negative = c.signum < 0
            if negative { out += "-"; c = -c } else if k > 0 { out += "+" }
            if piece.monomial.isEmpty { out += c.description } else {
                // `-x^2` reads as `(-x)^2` in odered's (ERODE's) grammar: keep an explicit 1.
                let explicitOne = negative && k == 0 && piece.monomial.contains("^")
                out += c.isOne && !explicitOne ? piece.monomial : "\(c)*\(piece.monomial)"
            }
        }
        return out
    }

    /// Text of a constant as a function argument or power operand: parenthesized unless it is
    /// an unsigned integer or one atom.
    func operandText(_ c: Polynomial) -> String {
        if let r = c.constantValue, r.isInteger, r.signum >= 0 { return r.description }
        if c.count == 1, c.terms[0].coefficient.isOne, c.terms[0].monomial.count == 1,
           c.terms[0].monomial.factors[0].exponent == 1 {
            return model.names[Int(c.terms[0].monomial.factors[0].symbol)]
        }
        return "(\(canonicalText(c)))"
    }

    /// The atom for `text` with double value `value` (within `error` of the true value),
    /// refusing a value that is not a finite real.
    func atom(_ text: String, _ value: Double, error: Double, _ source: SourceText, at offset: Int) throws(LocatedInputError) -> Polynomial {
        guard value.isFinite else {
            throw source.error(at: offset, "expected a finite real constant / found '\(LocatedInputError.excerpt(text, limit: 60))', whose value is \(value.isNaN ? "not a real number" : "infinite")")
        }
        return Polynomial(symbol: model.atomSymbol(text, approximation: value, error: error, at: offset))
    }

    /// Refuses an argument whose double value is not finite (beyond ±1.8e308): its
    /// function value could not be approximated.
    func checkFinite(_ v: Double, _ x: Polynomial, _ source: SourceText, at offset: Int) throws(LocatedInputError) {
        guard v.isFinite, v != 0 || x.isZero else {
            throw source.error(at: offset, "expected an argument within double range / found '\(LocatedInputError.excerpt(canonicalText(x), limit: 60))' (its value cannot be approximated)")
        }
    }

    /// The atom `name(x)` for a function `f` of the constant `x`, with the propagated error bound.
    func functionAtom(_ text: String, _ f: (Double) -> Double, of x: Polynomial, _ source: SourceText, at offset: Int,
                      bound: ((Double, Double) -> Double)? = nil, extraError: Double = 0) throws(LocatedInputError) -> Polynomial {
        let (v, e) = approximate(x)
        try checkFinite(v, x, source, at: offset)
        let value = f(v)
        if !value.isFinite { return try atom(text, value, error: .infinity, source, at: offset) }  // throws: NaN or infinite
        let error = (bound?(v, e) ?? errorBound(f, at: v, e)) + extraError
        guard error.isFinite else {
            throw source.error(at: offset, "expected a constant odered can approximate with a certain error / found '\(LocatedInputError.excerpt(text, limit: 60))', at or near a singularity")
        }
        return try atom(text, value, error: error, source, at: offset)
    }

    /// 1/c for a nonzero constant: exact for rationals; for one term a·Π atomᵢ^eᵢ it is
    /// (1/a)·Π (1/atomᵢ)^eᵢ with the reciprocal atoms `(1/…)`; otherwise the atom `(1/(c))`.
    /// Refuses a constant that may be zero (its double value within its error bound of 0).
    func reciprocal(_ c: Polynomial, _ source: SourceText, at offset: Int) throws(LocatedInputError) -> Polynomial {
        if let r = c.constantValue {
            if r.isZero { throw source.error(at: offset, "expected a nonzero divisor / found division by zero") }
            return Polynomial(constant: r.reciprocal)
        }
        guard certainSign(c) != nil else {
            throw source.error(at: offset, "expected a divisor that is certainly nonzero / found '\(LocatedInputError.excerpt(canonicalText(c), limit: 60))', whose double value is within rounding of 0")
        }
        if c.count == 1 {
            let t = c.terms[0]
            var result = Polynomial(constant: t.coefficient.reciprocal)
            for (s, e) in t.monomial.factors {
                let v = model.atom(of: s)?.approximation ?? .nan
                let inverse = model.reciprocalAtom(of: s) ?? model.atomSymbol(
                    "(1/\(model.names[Int(s)]))", approximation: 1 / v,
                    error: errorBound({ 1 / $0 }, at: v, model.atomError(of: s)), at: offset, inverseOf: s)
                do { result = try Polynomial.checkedProduct(result, try Polynomial(symbol: inverse).power(e)) } catch {
                    throw source.error(at: offset, error.description)
                }
            }
            return result
        }
        return try functionAtom("(1/(\(canonicalText(c))))", { 1 / $0 }, of: c, source, at: offset)
    }

    /// base^exponent for a constant base and a constant exponent that is not an integer, or an
    /// irrational exponent: exact when the root is rational, else `sqrt(b)` / `(b^(e))` atoms
    /// (b^(p/q) = b^⌊p/q⌋ · b^(r/q) first, so 2^(3/2) is 2·sqrt(2)).
    func constantPower(_ base: Polynomial, _ exponent: Polynomial, _ source: SourceText, at offset: Int) throws(LocatedInputError) -> Polynomial {
        if let b = base.constantValue, let e = exponent.constantValue {
            if b.isZero {
                guard e.signum > 0 else { throw source.error(at: offset, "expected a positive power of 0 / found 0^(\(LocatedInputError.excerpt(e.description, limit: 40)))") }
                return .zero
            }
            // A negative base to a non-integer power is NaN in BioNetGen's muParser and in ERODE
            // (pow); odered refuses it rather than pick a real root.
            if b.signum < 0 {
                throw source.error(at: offset, "expected a non-negative base for the non-integer exponent \(LocatedInputError.excerpt(e.description, limit: 40)) / found \(LocatedInputError.excerpt(b.description, limit: 40)) (not a real number in BioNetGen or ERODE)")
            }
            if e.signum < 0 { return try reciprocal(try constantPower(base, Polynomial(constant: -e), source, at: offset), source, at: offset) }
            let q = e.denominatorValue, p = e.numeratorValue
            guard q <= Rational(SymbolicLimits.maximumExponent), let qi = q.smallParts.map({ Int($0.numerator) }) else {
                let ed = e.doubleValue
                // The exponent's own rounding: |Δ(b^e)| ≈ b^e · |ln b| · |e − ed|.
                let rounding = abs(pow(b.doubleValue, ed) * log(b.doubleValue)) * 2 * ed.ulp
                return try functionAtom("(\(operandText(base))^\(operandText(exponent)))", { pow($0, ed) }, of: base, source, at: offset,
                                        extraError: rounding)
            }
            let whole = (p / q).floor
            guard whole <= Rational(SymbolicLimits.maximumExponent), let w = whole.smallParts.map({ Int($0.numerator) }) else {
                throw source.error(at: offset, "expected an exponent of at most \(SymbolicLimits.maximumExponent) / found \(LocatedInputError.excerpt(e.description, limit: 40))")
            }
            let r = e - whole  // 0 < r < 1, denominator q
            let wholePart: Rational
            do { wholePart = try b.power(w, maximumBits: SymbolicLimits.maximumNumberBits) } catch {
                throw source.error(at: offset, error.description)
            }
            let rp = Int(r.numeratorValue.smallParts!.numerator)
            if let root = b.exactRoot(qi) {
                do { return Polynomial(constant: wholePart * (try root.power(rp, maximumBits: SymbolicLimits.maximumNumberBits))) } catch {
                    throw source.error(at: offset, error.description)
                }
            }
            let text = r == Rational(1, 2) ? "sqrt(\(canonicalText(base)))" : "(\(operandText(base))^\(operandText(Polynomial(constant: r))))"
            let rd = r.doubleValue
            let rounding = abs(pow(b.doubleValue, rd) * log(b.doubleValue)) * 2 * rd.ulp
            return Polynomial(constant: wholePart) * (try functionAtom(text, { pow($0, rd) }, of: base, source, at: offset, extraError: rounding))
        }
        // An irrational base or exponent: exp(x)^e is exp(x·e); otherwise one atom.
        if base.count == 1, base.terms[0].coefficient.isOne, let f = base.terms[0].monomial.factors.first,
           base.terms[0].monomial.count == 1, f.exponent == 1, model.names[Int(f.symbol)] == "exp(1)" {
            return try call("exp", [exponent], source, at: offset)
        }
        let (b, be) = approximate(base), (e, ee) = approximate(exponent)
        try checkFinite(b, base, source, at: offset)
        try checkFinite(e, exponent, source, at: offset)
        guard certainSign(base) == 1 else {
            throw source.error(at: offset, "expected a power with a positive base / found '\(LocatedInputError.excerpt(canonicalText(base), limit: 60))' to an irrational or fractional power")
        }
        // b^e = exp(e·ln b): propagate both errors through the exponent.
        let logB = log(b), logError = errorBound(log, at: b, be)
        let exponentError = abs(e) * logError + abs(logB) * ee + logError * ee
        return try atom("(\(operandText(base))^\(operandText(exponent)))", pow(b, e),
                        error: errorBound(exp, at: e * logB, exponentError), source, at: offset)
    }

    /// The built-in functions (BioNetGen's and muParser's set), with their argument counts
    /// (`nil`: one or more).
    static let builtinFunctions: [String: Int?] = [
        "exp": 1, "ln": 1, "log": 1, "log10": 1, "log2": 1, "sqrt": 1,
        "sin": 1, "cos": 1, "tan": 1, "asin": 1, "acos": 1, "atan": 1,
        "sinh": 1, "cosh": 1, "tanh": 1, "asinh": 1, "acosh": 1, "atanh": 1,
        "abs": 1, "sign": 1, "rint": 1, "if": 3, "min": nil, "max": nil, "sum": nil, "avg": nil,
        "pi": 0, "_pi": 0, "_e": 0,
    ]

    /// A built-in function applied to constant arguments.
    func call(_ name: String, _ args: [Polynomial], _ source: SourceText, at offset: Int) throws(LocatedInputError) -> Polynomial {
        // `log` is the natural logarithm in ERODE and base 10 in BioNetGen (its muParser).
        let name = name == "log" ? (model.logIsBase10 ? "log10" : "ln") : name
        let x = args.first ?? .zero
        let r = x.constantValue
        func unary(_ f: (Double) -> Double, exactly: (Rational) -> Rational?) throws(LocatedInputError) -> Polynomial {
            if let r, let v = exactly(r) { return Polynomial(constant: v) }
            let periodic = ["sin", "cos", "tan"].contains(name)
            return try functionAtom("\(name)(\(canonicalText(x)))", f, of: x, source, at: offset,
                                    bound: periodic ? { v, e in periodicBound(name, at: v, e) } : nil)
        }
        func positive(_ what: String) throws(LocatedInputError) {
            guard certainSign(x) == 1 else {
                throw source.error(at: offset, "expected a positive argument of \(what) / found \(name)(\(LocatedInputError.excerpt(canonicalText(x), limit: 60)))")
            }
        }
        switch name {
        case "pi", "_pi": return try atom("pi()", Double.pi, error: Double.pi.ulp, source, at: offset)
        case "_e": return try call("exp", [Polynomial(constant: .one)], source, at: offset)
        case "exp": return try unary(exp) { $0.isZero ? .one : nil }
        case "ln":
            try positive("a logarithm")
            return try unary(log) { $0.isOne ? .zero : nil }
        case "log10", "log2":
            try positive("a logarithm")
            let base = name == "log10" ? 10 : 2
            // log_b(x) is rational iff x = b^k for an integer k (b prime or 10 = 2·5: unique factorization).
            return try unary(name == "log10" ? log10 : log2) { v in
                // At most bitSize steps: each multiplies or divides by the base (≥ 2).
                var k = 0, y = v, steps = v.bitSize + 2
                let b = Rational(base)
                if y < .one { while y < .one && steps > 0 { y = y * b; k -= 1; steps -= 1 } }
                else { while y > .one && steps > 0 { y = y / b; k += 1; steps -= 1 } }
                return y.isOne ? Rational(k) : nil
            }
        case "sqrt": return try constantPower(x, Polynomial(constant: Rational(1, 2)), source, at: offset)
        case "sin": return try unary(sin) { $0.isZero ? .zero : nil }
        case "cos": return try unary(cos) { $0.isZero ? .one : nil }
        case "tan": return try unary(tan) { $0.isZero ? .zero : nil }
        case "asin": return try unary(asin) { $0.isZero ? .zero : nil }
        case "acos": return try unary(acos) { $0.isOne ? .zero : nil }
        case "atan": return try unary(atan) { $0.isZero ? .zero : nil }
        case "sinh": return try unary(sinh) { $0.isZero ? .zero : nil }
        case "cosh": return try unary(cosh) { $0.isZero ? .one : nil }
        case "tanh": return try unary(tanh) { $0.isZero ? .zero : nil }
        case "asinh": return try unary(asinh) { $0.isZero ? .zero : nil }
        case "acosh": return try unary(acosh) { $0.isOne ? .zero : nil }
        case "atanh": return try unary(atanh) { $0.isZero ? .zero : nil }
        case "abs", "sign":
            guard let s = certainSign(x) else { throw undecidable(name, x, source, at: offset) }
            return name == "abs" ? (s < 0 ? -x : x) : Polynomial(constant: Rational(s))
        case "rint":
            // BioNetGen: rint(x) = floor(x + 1/2).
            if let r { return Polynomial(constant: (r + Rational(1, 2)).floor) }
            let (v, e) = approximate(x)
            let f = (v + 0.5).rounded(.down)
            guard v.isFinite, abs(v + 0.5 - f) > e, abs(v + 0.5 - f - 1) > e, let i = Int(exactly: f) else {
                throw undecidable(name, x, source, at: offset)
            }
            return Polynomial(constant: Rational(i))
        case "min", "max":
            var best = x
            for y in args.dropFirst() {
                guard let s = certainSign(y - best) else { throw undecidable(name, y - best, source, at: offset) }
                if (name == "min" && s < 0) || (name == "max" && s > 0) { best = y }
            }
            return best
        case "sum", "avg":
            let total = args.reduce(Polynomial.zero, +)
            return name == "sum" ? total : Rational(1, args.count) * total
        case "if":
            guard let s = certainSign(args[0]) else { throw undecidable(name, args[0], source, at: offset) }
            return s != 0 ? args[1] : args[2]
        default:
            preconditionFailure("unknown built-in \(name)")
        }
    }

    /// The error for a selection whose outcome the double error bound cannot settle.
    func undecidable(_ name: String, _ c: Polynomial, _ source: SourceText, at offset: Int) -> LocatedInputError {
        source.error(at: offset, "expected \(name)(…) to be decidable exactly / found it depends on the sign of '\(LocatedInputError.excerpt(canonicalText(c), limit: 60))', an irrational constant within rounding of 0")
    }

    /// A comparison or logical operator on constants: 1 or 0, exact for rationals and decided
    /// by the error-bounded double value for irrational constants.
    func compare(_ op: String, _ a: Polynomial, _ b: Polynomial, _ source: SourceText, at offset: Int) throws(LocatedInputError) -> Polynomial {
        let truth: Bool
        switch op {
        case "&&", "||":
            guard let x = certainSign(a), let y = certainSign(b) else { throw undecidable(op, a - b, source, at: offset) }
            truth = op == "&&" ? (x != 0 && y != 0) : (x != 0 || y != 0)
        default:
            guard let s = certainSign(a - b) else { throw undecidable(op, a - b, source, at: offset) }
            switch op {
            case "<": truth = s < 0
            case ">": truth = s > 0
            case "<=": truth = s <= 0
            case ">=": truth = s >= 0
            case "==": truth = s == 0
            default: truth = s != 0  // !=
            }
        }
        return Polynomial(constant: truth ? .one : .zero)
    }
}
