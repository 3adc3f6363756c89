/// Names that stand for polynomials while an expression is parsed: BioNetGen observables
/// (weighted species sums) and global functions (`f()`), registered by the reader.
protocol ExpressionMacros: AnyObject {
    /// The polynomial `name` stands for (`call`: written `name()`), or `nil` if it is not a macro.
    func value(of name: String, call: Bool, at offset: Int) throws(LocatedInputError) -> Polynomial?
    /// For an error about the non-constant expression at `range`: where it is ("function 'f'")
    /// and what it depends on ("observable 'G'"), if a macro is involved.
    func describeNonConstant(_ source: SourceText, _ range: Range<Int>) -> (context: String, dependency: String)?
    /// Whether `name` (UTF-8) is a macro: the byte-level term reader leaves such names alone.
    func isMacro(utf8 name: UnsafeBufferPointer<UInt8>) -> Bool
}

/// Calls, conditions and comparisons.
///
/// ```
/// call      := name '(' (condition (',' condition)*)? ')'
/// condition := conjunct ('||' conjunct)*
/// conjunct  := comparison ('&&' comparison)*
/// comparison:= sum (('<' | '>' | '<=' | '>=' | '==' | '!=') sum)?
/// ```
/// Comparisons and logical operators apply to constants and give 1 or 0 (BioNetGen's and
/// muParser's convention), so `if(k > 1, a, b)` selects exactly.
extension ExpressionParser {
    /// Whether the token is `pi`, `_pi` or `_e` (read as constants unless the model defines them).
    static func isBuiltinConstantName(_ token: Token, _ source: SourceText) -> Bool {
        guard token.length == 2 || token.length == 3 else { return false }
        return isBuiltinConstantName(UnsafeBufferPointer(rebasing: source.unsafeBytes[token.offset..<(token.offset + token.length)]))
    }

    /// Whether the UTF-8 name is `pi`, `_pi` or `_e`.
    static func isBuiltinConstantName(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        if b.count == 2 { return (b[0] == 112 && b[1] == 105) || (b[0] == 95 && b[1] == 101) }  // pi, _e
        return b.count == 3 && b[0] == 95 && b[1] == 112 && b[2] == 105  // _pi
    }

    /// `name(…)` after the name: a macro function, a built-in of constants, or an error.
    func parseCall(_ token: Token, _ s: inout TokenStream) throws(LocatedInputError) -> Polynomial {
        let name = s.source.text(token)
        if let macros = model.macros, let value = try macros.value(of: name, call: true, at: token.offset) {
            try s.expect("(")
            try s.expect(")")
            return value
        }
        guard let arity = ExpressionParser.builtinFunctions[name] else {
            throw s.source.error(at: token.offset, "expected a polynomial expression / found function '\(LocatedInputError.excerpt(name, limit: 40))(…)'; \(ExpressionParser.functionHint), or built-in functions of constants")
        }
        try s.expect("(")
        var args: [(value: Polynomial, offset: Int, end: Int)] = []
        if !s.isSymbol(UInt8(ascii: ")")) {
            while true {
                let start = s.current.offset
                let value = try parseCondition(&s)
                args.append((value, start, s.current.offset))
                guard s.isSymbol(UInt8(ascii: ",")) else { break }
                try s.advance()
            }
        }
        try s.expect(")")
        if let arity, args.count != arity {
            throw s.source.error(at: token.offset, "expected \(arity) argument\(arity == 1 ? "" : "s") of '\(name)' / found \(args.count)")
        }
        if arity == nil && args.isEmpty {
            throw s.source.error(at: token.offset, "expected at least one argument of '\(name)' / found none")
        }
        // `if` selects one of its branches, which need not be constant; everything else needs constants.
        var constants: [Polynomial] = []
        for (k, a) in args.enumerated() {
            if name == "if" && k > 0 { constants.append(a.value); continue }
            guard let c = try constantPolynomial(a.value, s.source, at: a.offset) else {
                let text = LocatedInputError.excerpt(s.source.text(a.offset..<a.end).trimmed, limit: 60)
                if let macros = model.macros, let (context, dependency) = macros.describeNonConstant(s.source, a.offset..<a.end) {
                    throw s.source.error(at: a.offset, "\(context) applies '\(name)' to '\(text)', which depends on \(dependency): not polynomial")
                }
                throw s.source.error(at: a.offset, "expected a constant argument of '\(name)' (numbers and parameters with values) / found '\(text)' (not polynomial)")
            }
            constants.append(c)
        }
        return try call(name, constants, s.source, at: token.offset)
    }

    /// A condition: comparisons joined by `&&` and `||` (values 1 and 0), or a plain sum.
    func parseCondition(_ s: inout TokenStream) throws(LocatedInputError) -> Polynomial {
        try parseChain(&s, UInt8(ascii: "|"), "||") { (s: inout TokenStream) throws(LocatedInputError) in
            try parseChain(&s, UInt8(ascii: "&"), "&&") { (s: inout TokenStream) throws(LocatedInputError) in try parseComparison(&s) }
        }
    }

    /// `operand (op operand)*` for a doubled-character logical operator (`&&`, `||`).
    private func parseChain(_ s: inout TokenStream, _ c: UInt8, _ op: String,
                            _ operand: (inout TokenStream) throws(LocatedInputError) -> Polynomial) throws(LocatedInputError) -> Polynomial {
        var left = try operand(&s)
        while isPair(s, c, c) {
            let offset = s.current.offset
            try s.advance()
            try s.advance()
            let right = try operand(&s)
            left = try logical(op, left, right, s.source, at: offset)
        }
        return left
    }

    private func parseComparison(_ s: inout TokenStream) throws(LocatedInputError) -> Polynomial {
        let start = s.current.offset
        let left = try parseSum(&s)
        let offset = s.current.offset
        let op: String
        if isPair(s, UInt8(ascii: "<"), UInt8(ascii: "=")) { op = "<=" }
        else if isPair(s, UInt8(ascii: ">"), UInt8(ascii: "=")) { op = ">=" }
        else if isPair(s, UInt8(ascii: "="), UInt8(ascii: "=")) { op = "==" }
        else if isPair(s, UInt8(ascii: "!"), UInt8(ascii: "=")) { op = "!=" }
        else if s.isSymbol(UInt8(ascii: "<")) { op = "<" }
        else if s.isSymbol(UInt8(ascii: ">")) { op = ">" }
        else { return left }
        try s.advance()
        if op.count == 2 { try s.advance() }
        let rightStart = s.current.offset
        let right = try parseSum(&s)
        func nonConstant(_ range: Range<Int>) -> LocatedInputError {
            let text = LocatedInputError.excerpt(s.source.text(range).trimmed, limit: 60)
            if let macros = model.macros, let (context, dependency) = macros.describeNonConstant(s.source, range) {
                return s.source.error(at: range.lowerBound, "\(context) compares '\(text)', which depends on \(dependency), with '\(op)': a condition on the state is not polynomial")
            }
            return s.source.error(at: range.lowerBound, "expected constants on both sides of '\(op)' / found '\(text)' (a condition on the state is not polynomial)")
        }
        guard let a = try constantPolynomial(left, s.source, at: start) else { throw nonConstant(start..<offset) }
        guard let b = try constantPolynomial(right, s.source, at: rightStart) else { throw nonConstant(rightStart..<s.current.offset) }
        return try compare(op, a, b, s.source, at: offset)
    }

    private func logical(_ op: String, _ a: Polynomial, _ b: Polynomial, _ source: SourceText, at offset: Int) throws(LocatedInputError) -> Polynomial {
        guard let x = try constantPolynomial(a, source, at: offset), let y = try constantPolynomial(b, source, at: offset) else {
            throw source.error(at: offset, "expected constants around '\(op)' / found a condition on the state (not polynomial)")
        }
        return try compare(op, x, y, source, at: offset)
    }

    /// Whether the current token is `a` immediately followed by `b` (a two-character operator).
    private func isPair(_ s: TokenStream, _ a: UInt8, _ b: UInt8) -> Bool {
        guard s.isSymbol(a) else { return false }
        let next = s.peek()
        return next.kind == .symbol && next.symbol == b && next.offset == s.current.offset + 1
    }
}
