import Testing
@testable import Symbolic

#if canImport(Glibc)
import Glibc
#endif

/// Inputs found by fuzzing the readers (minimized) plus the deep-nesting cases generated here.
///
/// Each corpus file must either load (and survive parameter substitution and a write /
/// re-read round trip) or be rejected with one `file:line:column: message` line. A crash,
/// trap or GMP abort fails the whole test run.
@Suite struct FuzzRegressionTests {
    static let directory: String = {
        let path = #filePath
        return String(path[..<path.lastIndex(of: "/")!]) + "/FuzzCorpus"
    }()

    static let files: [String] = {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".ode") || name.hasSuffix(".net") { names.append(name) }
        }
        return names.sorted()
    }()

    /// What each file must give: `nil` = loads, else a fragment of the error message.
    static let expected: [String: String?] = [
        "big-coefficient-power-of-sum.ode": "bits",
        "bng-duplicate-species.net": "expected each species once",
        "bng-names-erode-refuses-round-trip.net": nil,
        "bng-parameter-named-like-a-species.net": nil,
        "costly-power-of-power.ode": "term products",
        "duplicate-parameter.ode": "expected one definition of parameter 'k'",
        "power-of-sum-accepted-round-trip.ode": nil,
        "bng-group-name-not-a-name.net": "expected a group name",
        "bng-huge-parameter.net": "bits",
        "bng-parameter-name-not-a-name.net": "expected a parameter name",
        "huge-power-of-constant.ode": "bits",
        "high-stoichiometry-round-trip.ode": nil,
        "line-break-inside-quoted-expression.ode": "without a value",
        "long-literal-round-trip.ode": nil,
        "monomial-product-overflow.ode": "power of a symbol",
        "negative-power-of-big-constant.ode": "bits",
        "nul-byte.ode": "expected",
        "parameter-value-power.ode": "bits",
        "power-above-caret-limit-round-trip.ode": nil,
        "power-exponent-overflow.ode": "power of a symbol",
        "stoichiometry-sum.ode": nil,
        "substituted-parameter-power.ode": "bits",
    ]

    static func readFile(_ path: String) -> [UInt8] {
        guard let f = fopen(path, "rb") else { return [] }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            out.append(contentsOf: buffer[0..<n])
            if n < buffer.count { return out }
        }
    }

    /// The outcome of reading `bytes`: `nil` when it loads (after exercising the model), else the error.
    static func outcome(_ bytes: [UInt8], name: String) -> LocatedInputError? {
        do {
            let model = name.hasSuffix(".net") ? try BioNetGenReader.read(bytes: bytes, file: name)
                                               : try ERODEReader.read(bytes: bytes, file: name)
            let substituted = model.substitutingParameterValues()
            // Whatever was read can be written and read back to the same equations.
            // (Names ERODE or CLUE cannot read are written renamed: compare under the writer's names.)
            let written = ERODENames(model)
            let text = try ERODEWriter.write(model)
            let again = try ERODEReader.read(text: text, file: name + ".written").substitutingParameterValues()
            #expect(again.variables.map(\.name) == substituted.variables.map { written.symbols[Int($0.symbol)] }, "\(name)")
            #expect(again.equations.map { $0.formatted(again.name(ofSymbol:)) }
                    == substituted.equations.map { $0.formatted { written.symbols[Int($0)] } }, "\(name)")
            // The reactions form too: the same variables, plus at most ERODE's sink and inflow species.
            let reactions = try ERODEWriter.write(model, form: .reactions)
            let fromReactions = try ERODEReader.read(text: reactions, file: name + ".reactions").substitutingParameterValues()
            let extra = fromReactions.variables.count - substituted.variables.count
            #expect(extra >= 0 && extra <= 2, "\(name)")
            return nil
        } catch let error as LocatedInputError {
            return error
        } catch {
            Issue.record("\(name): unexpected error type \(error)")
            return nil
        }
    }

    /// One line, `name:line:column: …`.
    static func checkShape(_ error: LocatedInputError, name: String) {
        let d = error.description
        #expect(!d.contains("\n") && !d.contains("\r"), "\(name): multi-line error \(d.debugDescription)")
        #expect(error.location != nil, "\(name): no position in \(d)")
        if let location = error.location {
            #expect(d.hasPrefix("\(name):\(location.line):\(location.column): "), "\(name): \(d)")
        }
    }

    @Test func corpusIsPresent() {
        #expect(Set(Self.files) == Set(Self.expected.keys), "corpus files and expectations differ")
    }

    @Test(arguments: files)
    func corpusFile(_ name: String) {
        let bytes = Self.readFile(Self.directory + "/" + name)
        #expect(!bytes.isEmpty)
        let error = Self.outcome(bytes, name: name)
        if let error { Self.checkShape(error, name: name) }
        switch Self.expected[name] {
        case .some(.none): #expect(error == nil, "\(name) should load: \(error?.description ?? "")")
        case .some(.some(let fragment)): #expect(error?.message.contains(fragment) == true, "\(name): \(error?.description ?? "loaded")")
        case .none: break
        }
    }

    /// 100 000 nested parentheses, `^` chains and signs: a clear error or a value, never a stack overflow.
    @Test func deepNestingIsCapped() {
        let depth = 100_000
        let cases: [(String, String?)] = [
            (String(repeating: "(", count: depth) + "x" + String(repeating: ")", count: depth), "nested"),
            ("x" + String(repeating: "^1", count: depth), "nested"),
            (String(repeating: "-", count: depth) + "x", nil),
            (String(repeating: "(-", count: depth) + "x" + String(repeating: ")", count: depth), "nested"),
        ]
        for (expression, fragment) in cases {
            let text = "begin model m\n begin init\n  x = 1\n end init\n begin ODE\n  d(x) = \(expression)\n end ODE\nend model\n"
            let error = Self.outcome(Array(text.utf8), name: "deep.ode")
            if let error { Self.checkShape(error, name: "deep.ode") }
            if let fragment { #expect(error?.message.contains(fragment) == true, "\(error?.description.prefix(200) ?? "loaded")") }
            else { #expect(error == nil) }
            // BioNetGen rates go through the same parser.
            let net = "begin species\n 1 A() 1\nend species\nbegin reactions\n 1 1 0 \(expression)\nend reactions\n"
            let netError = Self.outcome(Array(net.utf8), name: "deep.net")
            if let netError { Self.checkShape(netError, name: "deep.net") }
        }
    }

    @Test func rationalPowerOfIntMinDoesNotTrap() throws {
        #expect(Rational(1).power(Int.min) == 1)
        #expect(Rational(-1).power(Int.min) == 1)
        #expect(Rational(-1).power(Int.min + 1) == -1)
        #expect(throws: SymbolicLimitError.self) { try Rational(2).power(Int.min, maximumBits: SymbolicLimits.maximumNumberBits) }
        #expect(try Rational(1, 2).power(-3, maximumBits: 100) == 8)
    }

    @Test func singleTermPowerChecksExponentOverflow() throws {
        let x = Polynomial(symbol: 0)
        let big = try x.power(1000).power(1000)  // x^1_000_000: at the cap
        #expect(big.terms[0].monomial.exponent(of: 0) == SymbolicLimits.maximumDegree)
        #expect(throws: SymbolicLimitError.self) { try big.power(2) }
        #expect(throws: SymbolicLimitError.self) { try Polynomial.checkedProduct(big, x) }
        // Coefficients: (10^1000)^1000 fits, its cube does not.
        let c = try Polynomial(constant: Rational(10).power(1000)).power(1000)
        #expect(throws: SymbolicLimitError.self) { try c.power(1000) }
    }
}
