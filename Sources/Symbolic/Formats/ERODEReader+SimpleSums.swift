/// A byte-level reader for the right-hand sides that make up large ODE files: a sum of
/// terms `[±] [number *] name [^ n] * name …` on one line (`3*x1948*x20280 - x5 + 2.5`).
///
/// It creates symbols in the same order as the token-level ``ExpressionParser`` and
/// builds the same polynomial. On anything else (parentheses, division, functions,
/// `**`, a unary minus on a power, a comment, a sum continued on the next line, limits)
/// it stops and returns `nil`; what it did so far (creating symbols for names it read)
/// is a prefix of what the token path does, so the caller re-reads the sum with
/// ``ExpressionParser/parseSum(_:)`` from the same token, with the same outcome.
extension ERODEParser {
    mutating func parseSimpleSumLine() throws(ModelReadError) -> Polynomial? {
        var line = LineScanner(text: s.source.unsafeBytes, position: s.current.offset)
        var builder = PolynomialBuilder()
        var terms = 0
        var negate = false
        line.skipBlanks()
        if line.take(45) { negate = true } else { _ = line.take(43) }  // a leading sign
        while true {
            line.skipBlanks()
            guard let (coefficient, monomial) = simpleTerm(&line, negated: negate) else { return nil }
            builder.add(coefficient, monomial)
            terms += 1
            guard terms <= SymbolicLimits.maximumTerms else { return nil }
            line.skipBlanks()
            if line.take(43) {
                negate = false
            } else if line.take(45) {
                negate = true
            } else {
                break
            }
        }
        guard line.atEndOfLine() else { return nil }
        // The token reader would continue the sum on a following line that starts with an
        // operator; leave such input to it.
        var next = s.lexer
        next.reposition(to: line.position)
        if let token = try? next.next(), token.kind == .symbol,
           [UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "^")].contains(token.symbol) {
            return nil
        }
        try s.reposition(to: line.position)
        return builder.build()
    }

    /// One product of numbers and names (names optionally `^ n`), or `nil`.
    private mutating func simpleTerm(_ line: inout LineScanner, negated: Bool) -> (Rational, Monomial)? {
        var coefficient = negated ? -Rational.one : Rational.one
        var factors = FactorBuffer()
        var sorted = true
        var last: UInt64 = 0
        var degree = 0
        var first = true
        while true {
            line.skipBlanks()
            guard let c = line.peek() else { return nil }
            if Lexer.isIdentifierStart(c) {
                guard let name = line.name() else { return nil }
                var exponent = 1
                line.skipBlanks()
                if line.peek() == 40 { return nil }  // `name(`: a function (or an original name)
                if line.peek() == 94 {  // ^
                    // ERODE reads -x^2 as (-x)^2: leave a leading unary minus on a power to the token path.
                    if first && negated { return nil }
                    line.position += 1
                    line.skipBlanks()
                    var digits = 0
                    exponent = 0
                    while let d = line.peek(), Lexer.isDigit(d), digits < 4 {
                        exponent = exponent * 10 + Int(d - 48)
                        digits += 1
                        line.position += 1
                    }
                    guard digits > 0, exponent <= SymbolicLimits.maximumExponent,
                          !(line.peek().map { Lexer.isIdentifierPart($0) || $0 == 46 } ?? false) else { return nil }
                    line.skipBlanks()
                    if line.peek() == 94 { return nil }  // x^2^3
                }
                let symbol = model.symbol(utf8: UnsafeBufferPointer(rebasing: line.text[name]), at: name.lowerBound)
                if exponent > 0 {
                    degree += exponent
                    guard degree <= SymbolicLimits.maximumDegree else { return nil }
                    let w = Monomial.pack(symbol, UInt32(exponent))
                    if factors.count > 0 && last >> 32 >= w >> 32 { sorted = false }
                    factors.append(w)
                    last = w
                }
            } else if Lexer.isDigit(c) || (c == 46 && (line.peek(1).map(Lexer.isDigit) ?? false)) {
                // A number, by the lexer's rule: digits and dots, then an optional exponent.
                let start = line.position
                while let d = line.peek(), Lexer.isDigit(d) || d == 46 { line.position += 1 }
                if let e = line.peek(), e == 101 || e == 69 {
                    if let s1 = line.peek(1), Lexer.isDigit(s1) || ((s1 == 43 || s1 == 45) && (line.peek(2).map(Lexer.isDigit) ?? false)) {
                        line.position += 2
                        while let d = line.peek(), Lexer.isDigit(d) { line.position += 1 }
                    }
                }
                if line.peek().map(Lexer.isIdentifierStart) ?? false { return nil }  // `2x`: leave it to the token path
                guard let value = try? Rational.parseDecimal(UnsafeBufferPointer(rebasing: line.text[start..<line.position]), offset: 0) else {
                    return nil
                }
                line.skipBlanks()
                if line.peek() == 94 { return nil }  // powers of numbers: token path
                guard (try? SymbolicLimits.checkNumberBits(coefficient.bitSize + value.bitSize)) != nil else { return nil }
                coefficient *= value
            } else {
                return nil
            }
            first = false
            line.skipBlanks()
            guard line.peek() == 42, line.peek(1) != 42 else { return (coefficient, sorted ? factors.monomial : factors.sortedMonomial) }  // `*`, not `**`
            line.position += 1
        }
    }
}
