import Testing
@testable import Symbolic

/// Regression tests for the classes of silent wrong answers found by fuzzing (issue 9): each
/// fails on the reader or writer that had the defect.
@Suite struct SilentWrongAnswerTests {
    static let collidingNet = """
        begin parameters
         1 s0 2
        end parameters
        begin species
         1 A() 1
         2 B() 0
        end species
        begin reactions
         1 1 2 s0
        end reactions
        """

    /// A parameter named like a generated species name stays a parameter: d(A) = −2·A.
    @Test func generatedSpeciesNamesNeverCollide() throws {
        let model = try BioNetGenReader.read(text: Self.collidingNet, file: "m.net")
        #expect(model.variables.count == 2)
        #expect(Set(model.symbols.map(\.name)).count == model.symbols.count)
        let values = model.substitutingParameterValues()
        #expect(values.equations[0].formatted(values.name(ofSymbol:)) == "-2*\(values.variables[0].name)")
        // The written model reads back with the same equations.
        let back = try ERODEReader.read(text: try ERODEWriter.write(model), file: "w.ode").substitutingParameterValues()
        #expect(back.equations.map { $0.formatted(back.name(ofSymbol:)) } == values.equations.map { $0.formatted(values.name(ofSymbol:)) })
    }

    /// Renaming the parameters to each generated name never changes the counts or the equations.
    @Test(arguments: ["s0", "s1", "s2", "s0_2", "k"])
    func parameterNamesDoNotChangeTheModel(_ name: String) throws {
        let text = """
            begin parameters
             1 \(name) 3
             2 kb 5
            end parameters
            begin species
             1 A() 1
             2 B() 0
             3 C() 0
            end species
            begin reactions
             1 1 2 \(name)
             2 2 3 kb
             3 1,2 3 \(name)
            end reactions
            """
        let model = try BioNetGenReader.read(text: text, file: "r.net").substitutingParameterValues()
        #expect(model.statistics.terms == 7)
        #expect(model.parameters.allSatisfy { p in !model.variables.contains { $0.name == p.name } })
        // The equations in terms of the BioNetGen species strings do not depend on the name.
        let byOriginal = model.equations.map { $0.formatted { model.variables[model.variableIndex(ofSymbol: $0)!].originalName! } }
        #expect(byOriginal == ["-3*A() - 3*A()*B()", "3*A() - 3*A()*B() - 5*B()", "3*A()*B() + 5*B()"])
    }

    /// Every duplicate definition is an error at the second one, naming the first.
    @Test(arguments: [
        ("begin model t\n begin parameters\n  k = 7\n  k = 8\n end parameters\n begin ODE\n  d(x) = -k*x\n end ODE\nend model\n", "4:3", "first is at 3:3"),
        ("begin model t\n begin init\n  x = 1\n  x = 2\n end init\n begin ODE\n  d(x) = -x\n end ODE\nend model\n", "4:3", "first is at 3:3"),
        ("begin model t\n begin init\n  x = 1\n end init\n begin ODE\n  d(x) = -x\n end ODE\n begin views\n  v = x\n  v = 2*x\n end views\nend model\n", "10:3", "first is at 9:3"),
    ])
    func duplicateDefinitionsAreErrors(_ text: String, _ at: String, _ first: String) {
        let error = modelReadError { _ = try ERODEReader.read(text: text, file: "d.ode") }
        #expect(error?.location?.description == at)
        #expect(error?.message.contains(first) == true, "\(error?.description ?? "no error")")
    }

    @Test func duplicateBioNetGenDefinitionsAreErrors() {
        let parameters = "begin parameters\n 1 k 2\n 2 k 3\nend parameters\nbegin species\n 1 A() 1\nend species\nbegin reactions\n 1 1 0 k\nend reactions\n"
        #expect(modelReadError { _ = try BioNetGenReader.read(text: parameters, file: "p.net") }?.location?.description == "3:4")
        let species = "begin species\n 1 A() 1\n 2 A() 3\nend species\nbegin reactions\n 1 1 2 1\nend reactions\n"
        let error = modelReadError { _ = try BioNetGenReader.read(text: species, file: "s.net") }
        #expect(error?.location?.description == "3:4")
        #expect(error?.message.contains("first is at 2:4") == true)
    }

    /// Keywords, leading underscores and other names ERODE or CLUE refuse are written renamed,
    /// and the written file reads back to the same model (under the written names).
    @Test(arguments: ["end", "begin", "model", "init", "reactions", "ODE", "d", "views", "partition", "parameters",
                      "arbitrary", "_rateLaw1", "alpha", "e", "reduceFE", "x_arbitrary_y", "__"])
    func writtenNamesReadBack(_ name: String) throws {
        let net = "begin parameters\n 1 \(name) 2\nend parameters\nbegin species\n 1 A() 1\n 2 B() 0\nend species\nbegin reactions\n 1 1 2 \(name)\nend reactions\nbegin groups\n 1 \(name) 1,2\nend groups\n"
        let model = try BioNetGenReader.read(text: net, file: "k.net")
        for form in ERODEWriter.Form.allCases {
            let text = try ERODEWriter.write(model, form: form)
            let back = try ERODEReader.read(text: text, file: "k.ode")
            let names = ERODENames(model)
            for n in names.symbols + names.views { #expect(ERODENames.isWritable(n), "\(n)") }
            #expect(back.views.count == 1)
            let b = back.substitutingParameterValues()
            #expect(b.equations[0].formatted(b.name(ofSymbol:)) == "-2*s0")
        }
    }

    /// Expansions are sized before they run: a power of a sum is refused at once, with the true
    /// multinomial count, when it could exceed the term limit, and when its arithmetic (term
    /// products weighted by coefficient size) would take minutes; accepted powers are fast.
    @Test func expansionsAreSizedBeforeTheyRun() throws {
        let accepted = try ERODEReader.read(text: "begin model p\n begin ODE\n  d(a) = (a+b+1)^200\n end ODE\nend model\n")
        #expect(accepted.equations[0].count == 20_301)
        let tooMany = modelReadError { _ = try ERODEReader.read(text: "begin model p\n begin ODE\n  d(a) = (a+b+c+d1+e1+f+g+h)^400\n end ODE\nend model\n") }
        #expect(tooMany?.message.contains("a power of a sum with up to") == true, "\(tooMany?.description ?? "accepted")")
        let costly = modelReadError { _ = try ERODEReader.read(text: "begin model p\n begin ODE\n  d(a) = ((10 - y)^1000)^1000*a\n end ODE\nend model\n") }
        #expect(costly?.message.contains("term products") == true, "\(costly?.description ?? "accepted")")
    }

    /// The reactions form writes degradations into a sink and constants as inflows from `I`
    /// (ERODE's encodings), never a "production" with a negative rate of the consumed species.
    @Test func reactionsFormUsesSinkAndInflow() throws {
        let model = try ERODEReader.read(text: "begin model t\n begin ODE\n  d(x1) = -x1 + 3\n  d(x2) = x1\n end ODE\nend model\n")
        let text = try ERODEWriter.write(model, form: .reactions)
        #expect(text.contains("x1 -> SINK , 1"))
        #expect(text.contains("I -> I + x1 , 3"))
        let back = try ERODEReader.read(text: text)
        #expect(back.equations[0].formatted(back.name(ofSymbol:)) == "-x1 + 3*I")
        #expect(back.variables.first { $0.name == "I" }?.initialValue == .one)
    }
}
