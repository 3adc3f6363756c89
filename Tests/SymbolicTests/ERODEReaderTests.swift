import Testing
@testable import Symbolic

@Suite struct ERODEReaderTests {
    func read(_ body: String) throws -> ODEModel {
        try ERODEReader.read(text: "begin model t\n\(body)\nend model\n", file: "t.ode")
    }

    func rhs(_ m: ODEModel, _ name: String) -> String {
        m.substitutingParameterValues().equations[m.variableIndex(named: name)!].formatted { m.symbols[Int($0)].name }
    }

    @Test func massActionHasNoFactorialAndUsesNetStoichiometry() throws {
        let m = try read("""
         begin parameters
          k = 3/2
         end parameters
         begin init
          A = 1.5e-3
          B
          C
         end init
         begin reactions
          2*A + B -> C + A , k
         end reactions
        """)
        #expect(m.variables[0].initialValue == Rational(3, 2000))
        // flux = k*A^2*B; net: A -1, B -1, C +1
        #expect(rhs(m, "A") == "-3/2*A^2*B")
        #expect(rhs(m, "B") == "-3/2*A^2*B")
        #expect(rhs(m, "C") == "3/2*A^2*B")
    }

    @Test func byteLevelReactionLinesMatchTheTokenReader() throws {
        // Lines of the simple form are read from bytes; a trailing comment sends the same line
        // through the token-level reader. Both must build the same model, symbol for symbol.
        let lines = [
            "2*A + B -> 0 , 3.5", "A -> B , k1", "0 -> C , 2", "A + A -> B + 2*C , 1",
            "B + C -> C + D , k1", "D -> A , 0.25", "C -> E , kNew", "05*E -> A , 1.",
            "A -> B , k1*2", "A -> B , 1e-3", "B -> A , 3 [label]", "C + D -> 0 , .5",
        ]
        func model(comment: Bool) throws -> ODEModel {
            try read(" begin parameters\n  k1 = 2\n end parameters\n begin reactions\n"
                     + lines.map { "  " + $0 + (comment ? " // c" : "") }.joined(separator: "\n")
                     + "\n end reactions")
        }
        let fast = try model(comment: false), slow = try model(comment: true)
        #expect(fast.symbols.map(\.name) == slow.symbols.map(\.name))
        #expect(fast.variables.map(\.name) == slow.variables.map(\.name))
        #expect(fast.parameters.map(\.name) == slow.parameters.map(\.name))
        #expect(fast.equations == slow.equations)
        #expect(fast.equations[fast.variableIndex(named: "E")!].count == 2)  // -5·E^5 + kNew·C
        // A parameter used as a species is still reported at its position.
        let error = modelReadError({ _ = try read(" begin parameters\n  k1 = 2\n end parameters\n begin reactions\n  A + k1 -> B , 1\n end reactions") })
        #expect(error?.description.hasPrefix("t.ode:6:7:") == true, "\(error?.description ?? "accepted")")
    }

    @Test func byteLevelSumsMatchTheTokenReader() throws {
        // Right-hand sides of the simple form are read from bytes; a trailing comment sends the
        // same text through the token-level reader. Both must build the same model.
        let sums = [
            "3*x*y - 2.5*z + 1", "-x^2 + y", "-3*x^2*y", "x^2^2", "2e-3*x + .5*y - x*x + y*x",
            "k1*x/2", "x*(y + z)", "+ z - - y", "x**2 + 4", "z*k2*y*x + 1E2",
        ]
        func model(comment: Bool) throws -> ODEModel {
            var text = " begin parameters\n  k1 = 3\n end parameters\n begin init\n  x\n  y\n  z\n"
            for i in sums.indices { text += "  v\(i)\n" }
            text += " end init\n begin ODE\n"
            for (i, sum) in sums.enumerated() { text += "  d(v\(i)) = \(sum)\(comment ? " // c" : "")\n" }
            text += "  d(x) = x\n    + y\n"  // a sum continued on the next line
            return try read(text + " end ODE")
        }
        let fast = try model(comment: false), slow = try model(comment: true)
        #expect(fast.symbols.map(\.name) == slow.symbols.map(\.name))
        #expect(fast.equations == slow.equations)
        #expect(rhs(fast, "x") == "x + y")
        #expect(rhs(fast, "v1") == "x^2 + y")  // (-x)^2
        #expect(rhs(fast, "v3") == "x^4")
    }

    @Test func unaryMinusBindsTighterThanPower() throws {
        let m = try read("begin init\n x\n end init\n begin ODE\n d(x) = -x^2 - 2^2\n end ODE")
        // (-x)^2 - 4
        #expect(rhs(m, "x") == "-4 + x^2")
    }

    @Test func powerOperatorsAndDivisionByConstants() throws {
        let m = try read("begin parameters\n a = 4\n end parameters\n begin init\n x\n end init\n begin ODE\n d(x) = x**3/a + x/(a-2)\n end ODE")
        #expect(rhs(m, "x") == "1/2*x + 1/4*x^3")
    }

    @Test func undeclaredNamesAreSymbolicParametersAndSpeciesAreCreatedOnUse() throws {
        let m = try read("begin reactions\n A -> B , k1\n B + C -> A, 2*k2\n end reactions")
        #expect(m.variables.map(\.name) == ["A", "B", "C"])
        #expect(Set(m.symbolicParameters.map(\.name)) == ["k1", "k2"])
    }

    @Test func commandsAreReportedNotExecuted() throws {
        let m = try ERODEReader.read(text: "begin model t\n begin init\n x\n end init\n begin ODE\n d(x) = -x\n end ODE\n reduceFE(reducedFile=\"a.ode\")\nend model\nsimulateODE(tEnd=3)\n")
        #expect(m.ignoredCommands.map(\.name) == ["reduceFE", "simulateODE"])
    }

    @Test func partitionWithUnlistedSpeciesFormsExtraBlock() throws {
        let m = try read("begin init\n a\n b\n c\n d\n end init\n begin partition\n {a,b}, {c}\n end partition\n begin ODE\n d(a) = 0\n end ODE")
        #expect(m.partition == [[0, 1], [2], [3]])
    }

    @Test func originalNamesAndSeveralDeclarationsPerLine() throws {
        let m = try read("begin init\n s0 = 2 ( \"Lig(l,l)\" ) s1 = 3 s2\n end init\n begin ODE\n d(s0) = -s0\n end ODE")
        #expect(m.variables.map(\.name) == ["s0", "s1", "s2"])
        #expect(m.variables[0].originalName == "Lig(l,l)")
        #expect(m.variables[1].initialValue == Rational(3))
    }

    /// Every rejected input gives one line with line:column, never a crash.
    @Test(arguments: [
        ("begin init\n x\n end init\n begin ODE\n d(x) = x/x\n end ODE", "6:11", "non-constant"),
        ("begin init\n x\n end init\n begin ODE\n d(x) = min(x, 1)\n end ODE", "6:13", "constant argument of 'min'"),
        ("begin init\n x\n end init\n begin ODE\n d(x) = Hill(x, 1)\n end ODE", "6:9", "function 'Hill"),
        ("begin init\n x\n end init\n begin ODE\n d(x) = x^0.5\n end ODE", "6:11", "integer constant exponent"),
        ("begin init\n x\n end init\n begin ODE\n d(x) = x^100000\n end ODE", "6:11", "exponent of at most"),
        ("begin init\n x = 1e999999999\n end init", "3:", "exponent"),
        ("begin init\n x\n end init\n begin reactions\n x -> y , Hill 1 2 3 1 1\n end reactions", "6:11", "Hill"),
        ("begin init\n x\n end init\n begin ODE\n d(x) = (x + 1\n end ODE", "7:2", "')'"),
        ("begin init\n x\n end init\n begin ODE\n d(x) = 1/0\n end ODE", "6:11", "division by zero"),
        ("begin init\n x\n end init\n begin partition\n {x, nope}\n end partition", "6:6", "unknown name 'nope'"),
        ("begin init\n x\n end init\n begin ODE\n d(x) = -x\n d(x) = x\n end ODE", "7:2", "second d(x)"),
        ("begin foo\n end foo", "2:", "section"),
        ("begin init\n x = y\n end init", "3:", "constant initial value"),
    ])
    func rejections(_ body: String, _ position: String, _ fragment: String) {
        // Positions count the `begin model t` line that `read` puts first.
        guard let error = modelReadError({ _ = try read(body) }) else {
            Issue.record("accepted: \(body)")
            return
        }
        do {
            #expect(error.description.hasPrefix("t.ode:" + position), "\(error.description)")
            #expect(error.description.contains(fragment), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func hugeProductsAreRefused() {
        // (x1+…+x20)^200 would have far too many terms.
        let sum = (1...20).map { "x\($0)" }.joined(separator: "+")
        #expect(throws: LocatedInputError.self) {
            _ = try read("begin ODE\n d(x1) = (\(sum))^200\n end ODE")
        }
    }
}
