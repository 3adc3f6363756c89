import Testing
@testable import Symbolic

@Suite struct BioNetGenReaderTests {
    let network = """
    # a small network
    begin parameters
        1 k1 2.5e-1 # Constant
        2 k2 2*k1
    end parameters
    begin species
        1 A(x~0) 10
        2 B()    k1*4
        3 $Src() 1
    end species
    begin reactions
        1 1,1 2 k1 #dimerize
        2 3 1 k2
        3 2 0 k1
    end reactions
    begin groups
        1 Atot 1,2*2
    end groups
    """

    @Test func fluxIsRateTimesReactantsAndFixedSpeciesStayConstant() throws {
        let m = try BioNetGenReader.read(text: network, file: "n.net")
        let eq = m.substitutingParameterValues().equations
        let name = { (s: Int32) in m.symbols[Int(s)].name }
        #expect(m.variables.map(\.name) == ["s0", "s1", "s2"])
        #expect(m.variables[1].initialValue == Rational(1))
        // A + A -> B at k1 = 1/4: flux k1*A^2; A loses 2 per firing; Src -> A at k2 = 1/2.
        #expect(eq[0].formatted(name) == "-1/2*s0^2 + 1/2*s2")
        #expect(eq[1].formatted(name) == "1/4*s0^2 - 1/4*s1")
        #expect(eq[2].isZero)  // '$' species is fixed
        #expect(m.fixedVariables == [2])
        #expect(m.views.first?.polynomial.formatted(name) == "s0 + 2*s1")
        #expect(m.variables[0].originalName == "A(x~0)")
    }

    /// Compartmental BioNetGen marks fixed species after the compartment prefix: `@C::$A()` is
    /// fixed exactly like `$A()`, and the marker is not part of the species string (so a second
    /// `@C::A()` is the same species, an error).
    @Test func compartmentalFixedSpeciesAreFixed() throws {
        for source in ["@EC::$L(r)", "$L(r)"] {
            let text = """
            begin parameters
                1 k 3
            end parameters
            begin species
                1 \(source) 5
                2 @EC::R(l) 2
                3 @PM::$R(l) 1
            end species
            begin reactions
                1 1,2 2 k
                2 3 2 k
            end reactions
            """
            let m = try BioNetGenReader.read(text: text, file: "c.net")
            let eq = m.substitutingParameterValues().equations
            let name = { (s: Int32) in m.symbols[Int(s)].name }
            #expect(m.fixedVariables == [0, 2], "\(source)")
            #expect(eq[0].isZero && eq[2].isZero)
            // L + R -> R at rate k (L fixed: only R's own term cancels), and R_PM -> R_EC.
            #expect(eq[1].formatted(name) == "3*s2")
            #expect(m.variables[0].originalName == String(source.filter { $0 != "$" }))
            #expect(m.variables[2].originalName == "@PM::R(l)")
        }
        let duplicate = "begin species\n 1 @C::$A() 1\n 2 @C::A() 1\nend species\nbegin reactions\nend reactions\n"
        #expect(throws: LocatedInputError.self) { try BioNetGenReader.read(text: duplicate, file: "d.net") }
        // A `$` elsewhere is part of the name, not a marker.
        #expect(BNGParser.fixedMarker(in: "@C::A($x)") == nil && BNGParser.fixedMarker(in: "A()") == nil)
    }

    /// A line ending in `\\` continues on the next (in any section, inside expressions too);
    /// errors after it keep their true line numbers. Sat, MM and Hill rate laws are refused by name.
    @Test func lineContinuationsAndRateLawKeywords() throws {
        let text = "begin parameters\n 1 k 2 \\\n   *3\nend parameters\nbegin species\n 1 A() \\\n 1\n 2 B() 0\nend species\nbegin reactions\n 1 1 2 k\nend reactions\n"
        let m = try BioNetGenReader.read(text: text, file: "c.net")
        let name = { (s: Int32) in m.symbols[Int(s)].name }
        #expect(m.substitutingParameterValues().equations[1].formatted(name) == "6*s0")
        #expect(m.variables[0].initialValue == Rational(1))
        let bad = "begin parameters\n 1 k 2 \\\n   *3\nend parameters\nbegin species\n 1 A() \\\n 1\n 2 B() 0\nend species\nbegin reactions\n 1 1 2 k\n 2 2 1 k*/\nend reactions\n"
        do { _ = try BioNetGenReader.read(text: bad, file: "c.net"); Issue.record("accepted \(bad)") } catch {
            #expect(error.description.hasPrefix("c.net:12:"), "\(error)")  // line 12 of the file, after two continuations
        }
        for law in ["Sat(k,2)", "MM(k,2)", "Hill(k,2,3)"] {
            let text = "begin parameters\n 1 k 2\nend parameters\nbegin species\n 1 A() 1\n 2 B() 0\nend species\nbegin reactions\n 1 1 2 \(law)\nend reactions\n"
            do { _ = try BioNetGenReader.read(text: text, file: "s.net"); Issue.record("accepted \(law)") } catch {
                #expect(error.description.contains("s.net:9:8") && error.description.contains("rate law '\(law.prefix { $0 != "(" })'"), "\(error)")
            }
        }
    }

    @Test func sparseAndOutOfOrderSpeciesIndicesResolve() throws {
        // Index 5000 is stored apart from the dense indices; later indices grow the dense table
        // past it, and it must still resolve (and a repeat of it must still be refused).
        func network(lastIndex: Int) -> String {
            var text = "begin species\n 1 A() 1\n 5000 B() 2\n"
            for i in 2...1100 { text += " \(i) C\(i)() 0\n" }
            return text + " \(lastIndex) D() 0\nend species\nbegin reactions\n 1 5000 1 1\n 2 1 \(lastIndex) 1\n 3 1100 5000 1\nend reactions\n"
        }
        let m = try BioNetGenReader.read(text: network(lastIndex: 6000), file: "n.net")
        let name = { (s: Int32) in m.symbols[Int(s)].name }
        #expect(m.variables[1].originalName == "B()" && m.variables[1].initialValue == Rational(2))
        #expect(m.equations[1].formatted(name) == "-s4999 + s1099")  // B: - B + C1100
        #expect(m.equations[0].formatted(name) == "-s0 + s4999")    // A: - A + B
        let repeated = modelReadError({ _ = try BioNetGenReader.read(text: network(lastIndex: 5000), file: "n.net") })
        #expect(repeated?.description.contains("5000 again") == true)
    }

    @Test(arguments: [
        ("begin functions\n 1 f k1\nend functions", "2:4", "function 'name()'"),
        ("begin species\n 1 A() 1\nend species\nbegin reactions\n 1 1 7 k\nend reactions", "5:6", "declared species"),
        ("begin species\n 1 A() 1\nend species\nbegin reactions\n 1 1\nend reactions", "5:2", "2 field(s)"),
        ("begin species\n 1 A() Sat(2)\nend species", "2:8", "function 'Sat"),
        ("begin species\n 1 A() ln(2)\nend species", "2:8", "irrational constant ln(2)"),
        ("begin species\n 1 A() 1\n", "1:1", "end species"),
    ])
    func rejections(_ text: String, _ position: String, _ fragment: String) {
        guard let error = modelReadError({ _ = try BioNetGenReader.read(text: text, file: "n.net") }) else {
            Issue.record("accepted")
            return
        }
        do {
            #expect(error.description.hasPrefix("n.net:" + position), "\(error.description)")
            #expect(error.description.contains(fragment), "\(error.description)")
        }
    }
}
