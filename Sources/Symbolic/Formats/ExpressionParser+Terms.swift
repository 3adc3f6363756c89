/// The byte-level reading of one term, `[number *] name [^ n] * name … [/ number]`, shared by
/// the expression parser (each product of a sum) and the ERODE reader's line-level sums.
extension ExpressionParser {
    /// A product of numbers and names (names optionally `^ n` with a literal n ≤
    /// ``SymbolicLimits/maximumExponent``, division by number literals), times −1 if `negated`,
    /// read straight into one term; stops before the first byte that does not continue it.
    ///
    /// Returns `nil` on anything else: parentheses, function names, a sign inside the product,
    /// division by a name, `**`, powers of numbers, `^` chains, a unary minus on a power (ERODE
    /// reads `-x^2` as `(-x)^2`), limits. Names it read are already symbols then, in the order
    /// the token grammar creates them, so the caller re-reads the product with the token grammar
    /// and gets the same result or error.
    func scanTerm(_ line: inout LineScanner, negated: Bool) -> (Rational, Monomial)? {
        var coefficient = negated ? -Rational.one : Rational.one
        var factors = FactorBuffer()
        var sorted = true
        var last: UInt64 = 0
        var degree = 0
        var first = true
        var divide = false
        while true {
            line.skipBlanks()
            if let name = line.name() {
                if divide { return nil }
                // Names the token grammar reads differently: macros, and the built-in constants.
                if let macros = model.macros, macros.isMacro(utf8: UnsafeBufferPointer(rebasing: line.text[name])) { return nil }
                if name.count <= 3, ExpressionParser.isBuiltinConstantName(UnsafeBufferPointer(rebasing: line.text[name])) { return nil }
                line.skipBlanks()
                if line.peek() == 40 { return nil }  // `name(`: a function
                var exponent = 1
                if line.peek() == 94 {  // ^
                    if first && negated { return nil }
                    line.position += 1
                    line.skipBlanks()
                    guard let e = smallExponent(&line) else { return nil }
                    exponent = e
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
            } else if let number = line.number() {
                if line.peek().map(Lexer.isIdentifierStart) ?? false { return nil }  // `2x`
                guard var value = try? Rational.parseDecimal(UnsafeBufferPointer(rebasing: line.text[number]), offset: 0) else {
                    return nil
                }
                line.skipBlanks()
                if line.peek() == 94 { return nil }  // powers of numbers
                if divide {
                    if value.isZero { return nil }
                    value = value.reciprocal
                }
                guard (try? SymbolicLimits.checkNumberBits(coefficient.bitSize + value.bitSize)) != nil else { return nil }
                coefficient *= value
            } else {
                return nil
            }
            first = false
            line.skipBlanks()
            // `*` or `/` continue the product; `**`, `//` and `/*` do not.
            guard let op = line.peek(), op == 42 || op == 47, line.peek(1) != 42, line.peek(1) != 47 else {
                return (coefficient, sorted ? factors.monomial : factors.sortedMonomial)
            }
            divide = op == 47
            line.position += 1
        }
    }

    /// A literal exponent (digits only, ≤ ``SymbolicLimits/maximumExponent``) not followed by
    /// anything that would make it a different number or another power.
    private func smallExponent(_ line: inout LineScanner) -> Int? {
        var digits = 0, value = 0
        while let d = line.peek(), Lexer.isDigit(d), digits < 4 {
            value = value * 10 + Int(d - 48)
            digits += 1
            line.position += 1
        }
        guard digits > 0, value <= SymbolicLimits.maximumExponent,
              !(line.peek().map { Lexer.isIdentifierPart($0) || $0 == 46 } ?? false) else { return nil }
        line.skipBlanks()
        return line.peek() == 94 ? nil : value  // x^2^3
    }
}
