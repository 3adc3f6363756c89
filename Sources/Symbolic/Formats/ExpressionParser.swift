/// Recursive-descent parsing of arithmetic expressions into exact polynomials.
///
/// Grammar (ERODE's precedence: unary minus binds tighter than `^`, so `-x^2` is `(-x)^2`):
/// ```
/// sum     := product (('+' | '-') product)*
/// product := power (('*' | '/') power)*
/// power   := signed ('^' power)?          // '**' is read as '^'
/// signed  := ('-' | '+') signed | primary
/// primary := number | name | '(' sum ')'
/// ```
/// Division is allowed only by expressions that are constant once parameter values
/// are known; exponents on non-constant bases must be non-negative integer constants.
/// Constants may be irrational (``ConstantAtom``): built-in functions of constants
/// (`exp`, `ln`, `sqrt`, `sin`, `min`, `if`, … see ``builtinFunctions``), non-integer and
/// irrational powers of constants, `pi`, `_pi`, `_e`. A built-in function of anything
/// non-constant, and any other call (`Hill`, `MM`, …), is rejected with its name and position.
/// Names a reader registers as ``ExpressionMacros`` (BioNetGen observables and functions)
/// stand for their polynomials.
struct ExpressionParser {
    let model: ModelAssembler

    /// Names that look like function calls in the ERODE / BioNetGen languages but are not polynomial.
    static let functionHint = "only + - * / ^ on numbers, parameters and variables are polynomial"

    func parseSum(_ s: inout TokenStream) throws(LocatedInputError) -> Polynomial {
        let first = try parseTermOrProduct(&s)
        guard s.isSymbol(UInt8(ascii: "+")) || s.isSymbol(UInt8(ascii: "-")) else { return first.polynomial }
        // Long sums (views over thousands of species, expanded ODEs) are accumulated and
        // combined once: merging after every '+' would be quadratic.
        var builder = PolynomialBuilder()
        first.add(to: &builder, negated: false)
        var pendingTerms = first.count
        while s.isSymbol(UInt8(ascii: "+")) || s.isSymbol(UInt8(ascii: "-")) {
            let minus = s.isSymbol(UInt8(ascii: "-"))
            try s.advance()
            let rhs = try parseTermOrProduct(&s)
            rhs.add(to: &builder, negated: minus)
            pendingTerms += rhs.count
            if pendingTerms > SymbolicLimits.maximumTerms {
                throw s.source.error(at: s.current.offset, SymbolicLimitError.tooManyTerms(SymbolicLimits.maximumTerms).description)
            }
        }
        return builder.build()
    }

    /// A product as parsed: one term, or any polynomial.
    enum ParsedProduct {
        case term(Rational, Monomial)
        case polynomial(Polynomial)

        var polynomial: Polynomial {
            switch self {
            case .term(let c, let m): return Polynomial(c, m)
            case .polynomial(let p): return p
            }
        }

        var count: Int {
            switch self {
            case .term: return 1
            case .polynomial(let p): return p.count
            }
        }

        func add(to builder: inout PolynomialBuilder, negated: Bool) {
            switch self {
            case .term(let c, let m): builder.add(negated ? -c : c, m)
            case .polynomial(let p): builder.add(p, times: negated ? -Rational.one : .one)
            }
        }
    }

    /// A product: read from the bytes by ``scanTerm(_:negated:)`` when it is a plain term (the
    /// bulk of every model file) that the token grammar would end at the same place, otherwise
    /// through the general ``parseProduct(_:)``.
    func parseTermOrProduct(_ s: inout TokenStream) throws(LocatedInputError) -> ParsedProduct {
        let start = s
        var line = LineScanner(s)
        let negated = line.take(45)
        if !negated { _ = line.take(43) }
        if let (c, m) = scanTerm(&line, negated: negated) {
            try s.reposition(to: line.position)
            // The token grammar continues a product over line breaks and comments.
            if !(s.current.kind == .symbol && ExpressionParser.continuesProduct(s.current.symbol)) { return .term(c, m) }
            s = start
        }
        return .polynomial(try parseProduct(&s))
    }

    /// Whether an operator token after a term would make the token grammar read on.
    static func continuesProduct(_ symbol: UInt8) -> Bool {
        symbol == UInt8(ascii: "*") || symbol == UInt8(ascii: "/") || symbol == UInt8(ascii: "^")
    }

    func parseProduct(_ s: inout TokenStream) throws(LocatedInputError) -> Polynomial {
        var result = try parsePower(&s)
        while s.isSymbol(UInt8(ascii: "*")) || s.isSymbol(UInt8(ascii: "/")) {
            let divide = s.isSymbol(UInt8(ascii: "/"))
            let operatorOffset = s.current.offset
            try s.advance()
            let start = s.current.offset
            let rhs = try parsePower(&s)
            if divide {
                guard let c = try constantPolynomial(rhs, s.source, at: start) else {
                    let text = s.source.text(start..<s.current.offset).trimmed
                    if let macros = model.macros, let (context, dependency) = macros.describeNonConstant(s.source, start..<s.current.offset) {
                        throw s.source.error(at: start, "\(context) divides by '\(LocatedInputError.excerpt(text, limit: 60))', which depends on \(dependency): rational rate laws are not polynomial")
                    }
                    throw s.source.error(at: start, "expected a constant divisor (numbers and parameters with values) / found division by a non-constant expression '\(text)'")
                }
                let inverse = try reciprocal(c, s.source, at: start)
                do { result = try Polynomial.checkedProduct(inverse, result) } catch {
                    throw s.source.error(at: operatorOffset, error.description)
                }
            } else {
                do { result = try Polynomial.checkedProduct(result, rhs) } catch {
                    throw s.source.error(at: operatorOffset, error.description)
                }
            }
        }
        return result
    }

    func parsePower(_ s: inout TokenStream) throws(LocatedInputError) -> Polynomial {
        // Every '(' and every '^' passes through here: bound the recursion depth.
        guard s.nesting < SymbolicLimits.maximumNesting else {
            throw s.source.error(at: s.current.offset, SymbolicLimitError.nestingTooDeep(SymbolicLimits.maximumNesting).description)
        }
        s.nesting += 1
        defer { s.nesting -= 1 }
        let base = try parseSigned(&s)
        guard s.isSymbol(UInt8(ascii: "^")) else { return base }
        try s.advance()
        let start = s.current.offset
        let exponentPolynomial = try parsePower(&s)
        let text = s.source.text(start..<s.current.offset).trimmed
        guard let exponentConstant = try constantPolynomial(exponentPolynomial, s.source, at: start) else {
            throw s.source.error(at: start, "expected a constant exponent / found '\(text)' (not polynomial)")
        }
        guard let e = exponentConstant.constantValue, e.isInteger else {
            // A non-integer or irrational power: only of a constant, as an exact constant.
            guard let b = try constantPolynomial(base, s.source, at: start) else {
                throw s.source.error(at: start, "expected an integer constant exponent on a non-constant base / found '\(text)' (not polynomial)")
            }
            return try constantPower(b, exponentConstant, s.source, at: start)
        }
        guard e.magnitude <= Rational(SymbolicLimits.maximumExponent) else {
            throw s.source.error(at: start, "expected an exponent of at most \(SymbolicLimits.maximumExponent) / found '\(text)'")
        }
        let exponent = Int(e.smallParts!.numerator)
        if exponent < 0 {
            guard let c = try constantPolynomial(base, s.source, at: start) else {
                throw s.source.error(at: start, "expected a non-negative exponent on a non-constant base / found '\(text)' (not polynomial)")
            }
            if c.isZero { throw s.source.error(at: start, "expected a nonzero base for the exponent '\(text)' / found division by zero") }
            if let r = c.constantValue {
                do { return Polynomial(constant: try r.power(exponent, maximumBits: SymbolicLimits.maximumNumberBits)) } catch {
                    throw s.source.error(at: start, error.description)
                }
            }
            let inverse = try reciprocal(c, s.source, at: start)
            do { return try inverse.power(-exponent) } catch {
                throw s.source.error(at: start, error.description)
            }
        }
        do { return try base.power(exponent) } catch {
            throw s.source.error(at: start, error.description)
        }
    }

    func parseSigned(_ s: inout TokenStream) throws(LocatedInputError) -> Polynomial {
        // A loop, not recursion: `- - - … x` must not grow the stack.
        var negate = false
        while s.isSymbol(UInt8(ascii: "-")) || s.isSymbol(UInt8(ascii: "+")) {
            if s.isSymbol(UInt8(ascii: "-")) { negate.toggle() }
            try s.advance()
        }
        let p = try parsePrimary(&s)
        return negate ? -p : p
    }

    func parsePrimary(_ s: inout TokenStream) throws(LocatedInputError) -> Polynomial {
        let token = s.current
        switch token.kind {
        case .number:
            let value = try number(token, s.source)
            try s.advance()
            return Polynomial(constant: value)
        case .identifier:
            try s.advance()
            if s.isSymbol(UInt8(ascii: "(")), s.peek().kind != .string {  // `X ( "original name" )` is not a call
                return try parseCall(token, &s)
            }
            if let macros = model.macros, let value = try macros.value(of: s.source.text(token), call: false, at: token.offset) {
                return value
            }
            if ExpressionParser.isBuiltinConstantName(token, s.source) {
                let name = s.source.text(token)
                if model.existingSymbol(name) == nil {
                    model.noteBuiltinConstant(name, at: token.offset)
                    return try call(name, [], s.source, at: token.offset)
                }
            }
            return Polynomial(symbol: model.symbol(token, in: s.source))
        case .symbol where token.text == "(":
            try s.advance()
            let inner = try parseSum(&s)
            try s.expect(")")
            return inner
        default:
            throw s.error("a number, a name or '('")
        }
    }

    /// The exact value of a numeric token.
    func number(_ token: Token, _ source: SourceText) throws(LocatedInputError) -> Rational {
        do {
            return try source.bytes.withUnsafeBufferPointer { all throws(RationalParseError) in
                try Rational.parseDecimal(UnsafeBufferPointer(rebasing: all[token.offset..<(token.offset + token.length)]), offset: 0)
            }
        } catch {
            throw source.error(at: token.offset + error.offset, error.message)
        }
    }

    /// The value of `p` when it must be rational (an initial amount): `nil` when it is not
    /// constant; an error naming the irrational constant when it is one.
    func rationalValue(_ p: Polynomial, what: String, _ source: SourceText, at offset: Int) throws(LocatedInputError) -> Rational? {
        guard let c = try constantPolynomial(p, source, at: offset) else { return nil }
        guard let r = c.constantValue else {
            throw source.error(at: offset, "expected a rational \(what) / found the irrational constant \(LocatedInputError.excerpt(canonicalText(c), limit: 80)) (initial values are exact rationals)")
        }
        return r
    }
}

extension String {
    /// Without leading and trailing whitespace (line breaks included): for texts quoted in messages.
    package var trimmed: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
