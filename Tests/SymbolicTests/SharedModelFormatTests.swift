import Testing
@testable import Symbolic

/// Every shared third-party model loads with the manifest's sizes, or is rejected when it must be.
@Suite struct SharedModelFormatTests {
    @Test(.enabled(if: SharedModels.available, "needs ../shared/models"), arguments: SharedModels.manifest)
    func manifestSizes(_ entry: SharedModels.Entry) throws {
        let path = SharedModels.path(entry)
        if entry.mustBeRejected {
            #expect(throws: ModelReadError.self) { _ = try ModelFile.load(path: path) }
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

    func expectSameModel(_ a: ODEModel, _ b: ODEModel, form: ERODEWriter.Form) throws {
        try #require(a.variables.count == b.variables.count)
        #expect(a.variables.map(\.name) == b.variables.map(\.name))
        #expect(a.variables.map(\.initialValue) == b.variables.map(\.initialValue))
        let pa = Dictionary(uniqueKeysWithValues: a.parameters.map { ($0.name, $0.value) })
        let pb = Dictionary(uniqueKeysWithValues: b.parameters.map { ($0.name, $0.value) })
        // Parameters that occur nowhere may vanish from the written file only if they had no value.
        for (name, value) in pa where value != nil { #expect(pb[name] == value, "parameter \(name)") }
        // Compare right-hand sides by symbol names.
        for i in a.variables.indices {
            let ta = a.equations[i].formatted { a.symbols[Int($0)].name }
            let tb = b.equations[i].formatted { b.symbols[Int($0)].name }
            if ta != tb {
                // Symbol ids may be ordered differently: compare term sets by name.
                #expect(canonicalTerms(a, a.equations[i]) == canonicalTerms(b, b.equations[i]), "d(\(a.variables[i].name)) in \(form) form")
            }
        }
    }

    func canonicalTerms(_ m: ODEModel, _ p: Polynomial) -> Set<String> {
        Set(p.terms.map { t in
            t.coefficient.description + "|" + t.monomial.factors.map { "\(m.symbols[Int($0.symbol)].name)^\($0.exponent)" }.sorted().joined(separator: "*")
        })
    }
}
