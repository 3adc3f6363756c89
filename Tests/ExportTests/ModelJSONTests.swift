import Testing
import Export
import Symbolic
import TestSupport

/// `export --to json` writes every symbol and exact number; reading it back gives the same model.
@Suite struct ModelJSONTests {
    /// Everything a model holds, by name: variables (initial value, original name), parameters
    /// (value, atom, definition, expression), equations, views, partition, fixed variables.
    func summary(_ m: ODEModel) -> [String] {
        let name = { (s: Int32) in m.name(ofSymbol: s) }
        var out = ["name \(m.name)"]
        out += m.variables.map { "variable \($0.name) = \($0.initialValue) (\($0.originalName ?? "-"))" }
        out += m.parameters.map { p in
            "parameter \(p.name) value \(p.value?.description ?? "-") atom \(p.atom.map { "\($0.text)≈\($0.approximation)" } ?? "-") "
                + "definition \(p.definition.map { canonicalTerms($0, name).sorted().joined(separator: " ") } ?? "-") expression \(p.expression ?? "-")"
        }
        for (i, e) in m.equations.enumerated() { out.append("d(\(m.variables[i].name)) = " + canonicalTerms(e, name).sorted().joined(separator: " ")) }
        out += m.views.map { "view \($0.name) = " + canonicalTerms($0.polynomial, name).sorted().joined(separator: " ") }
        out.append("partition \(m.partition.map { $0.map { $0.map { m.variables[$0].name } } } ?? [])")
        out.append("fixed \(m.fixedVariables.sorted().map { m.variables[$0].name })")
        return out
    }

    func roundTrip(_ model: ODEModel) throws {
        let text = ModelJSON.write(model)
        let back = try ModelJSON.read(bytes: Array(text.utf8), file: "m.json")
        let (a, b) = (summary(model), summary(back))
        #expect(a.count == b.count)
        if let k = a.indices.first(where: { $0 < b.count && a[$0] != b[$0] }) {
            Issue.record("differs: \(a[k].prefix(300)) / read back: \(b[k].prefix(300))")
        }
        // Term order follows symbol ids, which the file does not keep; from the second writing on
        // the text is a fixed point.
        let again = ModelJSON.write(back)
        #expect(ModelJSON.write(try ModelJSON.read(bytes: Array(again.utf8))) == again)
    }

    @Test(arguments: bundledModels)
    func bundledModelsRoundTrip(_ path: String) throws {
        try roundTrip(try loadAnyModel(path))
    }

    @Test(.enabled(if: SharedModels.available, "needs ../shared/models"), arguments: sharedModelPaths)
    func sharedModelsRoundTrip(_ path: String) throws {
        try roundTrip(try loadAnyModel(path))
    }

    /// Irrational atoms, definitions, symbolic parameters, original names with quotes, views and
    /// a partition survive.
    @Test func everyKindOfValueRoundTrips() throws {
        let text = """
        begin model hostile
         begin parameters
          k = ln(2)/120
          c = 0.1
          q = 2*sqrt(3)
         end parameters
         begin init
          A = 1/3 ( "A , name & more" )
          B = 2
         end init
         begin partition
          {A}, {B}
         end partition
         begin ODE
          d(A) = -k*A*B + s*B^3 + 1/2*A^1000*A^500
          d(B) = k*A*B - c*q*B
         end ODE
         begin views
          total = A + 2*B
         end views
        end model
        """
        let model = try ERODEReader.read(text: text, file: "hostile.ode")
        #expect(model.parameters.contains { $0.atom != nil })
        #expect(model.parameters.contains { $0.isSymbolic })
        try roundTrip(model)
    }

    /// Each malformed file is refused with one line naming its position.
    @Test(arguments: [
        (#"{"format": "odered-model", "version": 1, "variables": [{"name": "A"}, {"name": "A"}], "equations": []}"#, "1:80", "second 'A'"),
        (#"{"format": "odered-model", "version": 1, "variables": [{"name": "A"}], "equations": [{"variable": "A", "terms": [{"coefficient": "1", "symbols": ["B"], "exponents": [1]}]}]}"#, "1:147", "declared variable or parameter"),
        (#"{"format": "odered-model", "version": 1, "variables": [{"name": "A"}], "equations": []}"#, "1:85", "found none for 'A'"),
        (#"{"format": "odered-model", "version": 1, "variables": [{"name": "A", "initial_value": "1/0"}], "equations": []}"#, "1:87", "exact number"),
        (#"{"format": "odered-model", "version": 1, "variables": [{"name": "A"}], "equations": [{"variable": "A", "terms": [{"coefficient": "1", "symbols": ["A", "A"], "exponents": [1, 1]}]}]}"#, "1:152", "each symbol once"),
        (#"{"format": "odered-model", "version": 1, "variables": [{"name": "A"}], "equations": [{"variable": "A", "terms": [{"coefficient": "1", "symbols": ["A"], "exponents": [0]}]}]}"#, "1:167", "integer exponent"),
        (#"{"format": "odered-model", "version": 1, "variables": [{"name": "A"}], "equations": [{"variable": "A", "terms": [{"coefficient": "1", "symbols": ["A"], "exponents": [1000001]}]}]}"#, "1:167", "integer exponent"),
        (#"{"format": "odered-model", "version": 1, "variables": [{"name": "A"}], "equations": [{"variable": "A", "terms": [{"coefficient": "1", "symbols": ["A"], "exponents": [1]}, {"coefficient": "2", "symbols": ["A"], "exponents": [1]}]}]}"#, "1:172", "each monomial once"),
        (#"{"format": "network", "version": 1}"#, "1:12", "odered-model"),
        (#"{"format": "odered-model", "version": 1, "variables": [{"name": "A", "initial": "5"}], "equations": []}"#, "1:81", "found 'initial'"),
        (#"{"format": "odered-model", "version": 1, "variables": [{"name": "A", "name": "B"}], "equations": []}"#, "1:56", "'name' twice"),
        (#"{"format": "odered-model", "version": 1, "variables": [{"name": "A"}], "parameters": [{"name": "2", "atom": true, "approximation": 0.5}], "equations": []}"#, "1:96", "canonical constant expression"),
        (#"{"format": "odered-model", "version": 1, "variables": [{"name": "A"}], "parameters": [{"name": "k", "atom": true, "approximation": 0.5}], "equations": []}"#, "1:96", "canonical constant expression"),
        (#"{"format": "odered-model", "version": 1, "variables": [{"name": "A"}], "parameters": [{"name": "ln(2)", "atom": true, "approximation": 0.5}], "equations": []}"#, "1:136", "expected the approximation of 'ln(2)'"),
        (#"{"format": "odered-model", "version": 1, "variables": [{"name": "A"}], "equations": [{"variable": "A", "terms": []}], "fixed": ["A", "A"]}"#, "1:134", "each fixed variable once"),
        (#"{"format": "odered-model", "version": 1, "variables": [{"name": "A"}], "equations": [{"variable": "A", "terms": []}, {"variable": "A", "terms": []}]}"#, "1:131", "second one for 'A'"),
    ])
    func malformedFilesAreRefusedAtTheirPosition(_ text: String, _ location: String, _ fragment: String) {
        do {
            _ = try ModelJSON.read(bytes: Array(text.utf8), file: "bad.json")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.hasPrefix("bad.json:\(location):"), "\(error.description)")
            #expect(error.description.contains(fragment), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    /// A surrogate pair (how ASCII-only writers such as Python's json.dump spell characters
    /// beyond the BMP) is one character, so two such names stay two names.
    @Test func surrogatePairsAreOneCharacter() throws {
        let text = #"{"format": "odered-model", "version": 1, "variables": [{"name": "\ud83d\ude00"}, {"name": "\ud83d\ude01"}], "equations": [{"variable": "\ud83d\ude00", "terms": []}, {"variable": "\ud83d\ude01", "terms": []}]}"#
        let model = try ModelJSON.read(bytes: Array(text.utf8))
        #expect(model.variables.map(\.name) == ["\u{1F600}", "\u{1F601}"])
    }
}
