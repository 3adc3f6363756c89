import Testing
@testable import Symbolic

/// Every shared third-party model loads with the manifest's sizes, or is rejected when it must be.
@Suite struct SharedModelFormatTests {
    @Test(.enabled(if: SharedModels.available, "needs ../shared/models"), arguments: SharedModels.manifest)
    func manifestSizes(_ entry: SharedModels.Entry) throws {
        let path = SharedModels.path(entry)
        if entry.mustBeRejected {
            #expect(throws: LocatedInputError.self) { _ = try ModelFile.load(path: path) }
            if let error = modelReadError({ _ = try ModelFile.load(path: path) }) {
                // One line with file:line:column.
                #expect(error.description.hasPrefix(path + ":"))
                #expect(!error.description.contains("\n"))
            }
            return
        }
        let model = try ModelFile.load(path: path)
        let stats = model.substitutingParameterValues().statistics
        #expect(stats.variables == entry.variables, "variables of \(entry.path)")
        #expect(stats.terms == entry.terms, "terms of \(entry.path)")
    }

    /// write → read gives identical polynomials, initial values and parameters.
    @Test(.enabled(if: SharedModels.available, "needs ../shared/models"), arguments: SharedModels.manifest.filter { !$0.mustBeRejected })
    func roundTrip(_ entry: SharedModels.Entry) throws {
        let model = try ModelFile.load(path: SharedModels.path(entry))
        for form in [ERODEWriter.Form.odes, .reactions] {
            let text: String
            do { text = try ERODEWriter.write(model, form: form) } catch {
                // Only constant terms may refuse the reactions form.
                #expect(form == .reactions && model.equations.contains { $0.terms.contains { t in t.monomial.factors.allSatisfy { model.variableIndex(ofSymbol: $0.symbol) == nil } } })
                continue
            }
            let back = try ERODEReader.read(text: text, file: "roundtrip.ode")
            try expectSameModel(model, back, form: form)
        }
    }

    /// `b` is `a` as written and read back: the same variables, values and right-hand sides up to
    /// the writer's renaming of names ERODE or CLUE cannot read (``ERODENames``); the reactions
    /// form may add ERODE's auxiliary species after them (a sink, the constant inflow `I`), which
    /// must leave every original equation unchanged.
    func expectSameModel(_ a: ODEModel, _ b: ODEModel, form: ERODEWriter.Form) throws {
        let written = ERODENames(a)
        let nameOf = { (s: Int32) in written.symbols[Int(s)] }
        let extra = b.variables.count - a.variables.count
        try #require(extra == 0 || (form == .reactions && extra <= 2), "\(extra) extra variables")
        for v in b.variables.dropFirst(a.variables.count) { #expect(v.name.hasPrefix("SINK") || v.name.hasPrefix("I")) }
        #expect(a.variables.map { nameOf($0.symbol) } == b.variables.prefix(a.variables.count).map(\.name))
        #expect(a.variables.map(\.initialValue) == b.variables.prefix(a.variables.count).map(\.initialValue))
        // Original names (BioNetGen species strings, names the writer had to change) read back
        // from the written `( "…" )`.
        #expect(a.variables.map { written.originalName(of: $0) } == b.variables.prefix(a.variables.count).map(\.originalName))
        let pa = Dictionary(uniqueKeysWithValues: a.parameters.map { (nameOf($0.symbol), $0.value) })
        let pb = Dictionary(uniqueKeysWithValues: b.parameters.map { ($0.name, $0.value) })
        // Parameters that occur nowhere may vanish from the written file only if they had no value.
        for (name, value) in pa where value != nil { #expect(pb[name] == value, "parameter \(name)") }
        // The inflow species I is constant 1: its factor in b's inflow terms is dropped.
        let inflow = Set(b.variables.dropFirst(a.variables.count).filter { $0.name.hasPrefix("I") && $0.initialValue == .one }.map(\.name))
        // Compare right-hand sides by (written) symbol names.
        for i in a.variables.indices {
            #expect(canonicalTerms(a.equations[i], nameOf) == canonicalTerms(b.equations[i], b.name(ofSymbol:), dropping: inflow),
                    "d(\(a.variables[i].name)) in \(form) form")
        }
    }
}
