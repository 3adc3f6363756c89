import Testing
import Symbolic
import TestSupport

/// `export --to net`: written `.net` files read back with the same dynamics.
@Suite struct BioNetGenWriterTests {
    /// The dynamics with parameter values substituted, variables named by position (the writer
    /// keeps their order; names become species strings).
    func dynamics(_ m: ODEModel) -> [Set<String>] {
        let values = m.substitutingParameterValues()
        let name = { (s: Int32) -> String in
            if let i = values.variableIndex(ofSymbol: s) { return "#\(i)" }
            return values.name(ofSymbol: s)
        }
        return values.equations.map { canonicalTerms($0, name) }
    }

    /// Why no `.net` exists for `m`, if it has a reason: a parameter without a value, or a
    /// negative term of dX/dt without X.
    func obstacle(_ m: ODEModel) -> String? {
        if m.parameters.contains(where: \.isSymbolic) { return "has no value" }
        for (i, p) in m.equations.enumerated() {
            for t in p.terms where t.coefficient.signum < 0 && t.monomial.exponent(of: m.variables[i].symbol) == 0 {
                return "without its own variable"
            }
        }
        return nil
    }

    func checkRoundTrip(_ model: ODEModel, fromNet: Bool = false) throws {
        let output: BioNetGenWriter.Output
        do { output = try BioNetGenWriter.write(model) } catch {
            let reason = try #require(obstacle(model), "refused without a reason: \(error.description)")
            #expect(error.description.contains(reason), "\(error.description)")
            return
        }
        #expect(obstacle(model) == nil, "written although \(obstacle(model) ?? "")")
        let back = try BioNetGenReader.read(bytes: Array(output.text.utf8), file: "written.net")
        try #require(back.variables.count == model.variables.count)
        #expect(back.variables.map(\.initialValue) == model.variables.map(\.initialValue))
        #expect(back.fixedVariables == model.fixedVariables)
        #expect(dynamics(back) == dynamics(model))
        // Species strings read from a .net are kept.
        if fromNet { #expect(back.variables.map(\.originalName) == model.variables.map(\.originalName)) }
        #expect(back.views.count + output.omittedViews.count == model.views.count)
    }

    @Test(arguments: bundledModels)
    func bundledModelRoundTrips(_ path: String) throws { try checkRoundTrip(try loadAnyModel(path)) }

    @Test(.enabled(if: SharedModels.available, "needs ../shared/models"), arguments: sharedModelPaths)
    func sharedModelRoundTrips(_ path: String) throws {
        try checkRoundTrip(try loadAnyModel(path), fromNet: path.hasSuffix(".net"))
    }

    /// A reaction network's reactions come back as reactions (one per monomial), not one per term.
    @Test func reactionsAreRecovered() throws {
        let model = try ERODEReader.read(text: """
        begin model r
         begin parameters
          k = 1/10
          j = 3
         end parameters
         begin init
          A = 1
          B = 2
          C
         end init
         begin reactions
          A + B -> C , k
          2*C -> A , j
          C -> B , 2*k
         end reactions
        end model
        """, file: "r.ode")
        let output = try BioNetGenWriter.write(model)
        let reactions = output.text.split(separator: "\n").drop { !$0.hasPrefix("begin reactions") }.dropFirst().prefix { !$0.hasPrefix("end") }
        #expect(reactions.map { $0.split(separator: " ").dropFirst().joined(separator: " ") } == ["1,2 3 k", "3,3 1 j", "3 2 rate_1"])
        #expect(output.text.contains(" rate_1 2*k\n"))
    }

    @Test func aNegativeTermWithoutItsVariableIsRefused() throws {
        let model = try ERODEReader.read(text: "begin model m\n begin init\n  x = 1\n  y = 1\n end init\n begin ODE\n  d(x) = -2*y\n  d(y) = x\n end ODE\nend model\n", file: "m.ode")
        #expect(throws: ERODEWriter.WriteError.self) { _ = try BioNetGenWriter.write(model) }
        do { _ = try BioNetGenWriter.write(model) } catch {
            #expect(error.description == "d(x)/dt has the negative term -2*y without its own variable: no mass-action reaction gives it")
        }
    }

    /// Names BioNetGen would misread are not written as they are: an original name that is no
    /// species string, a parameter named like a muParser function, a group named like a
    /// parameter; the atom pi is muParser's `_pi`. The file still reads back to the same dynamics.
    @Test func namesBioNetGenWouldMisreadAreReplaced() throws {
        let model = try ERODEReader.read(text: """
        begin model m
         begin parameters
          exp = 2
          k = pi/4
         end parameters
         begin init
          A = 1 ( "A()+B()" )
          B = 1 ( "B(x~P!1).C(y!1)" )
         end init
         begin ODE
          d(A) = -exp*k*A
          d(B) = exp*k*A
         end ODE
         begin views
          k = A + B
         end views
        end model
        """, file: "m.ode")
        let output = try BioNetGenWriter.write(model)
        let species = output.text.split(separator: "\n").drop { !$0.hasPrefix("begin species") }.dropFirst().prefix { !$0.hasPrefix("end") }
        #expect(species.map { $0.split(separator: " ")[1] } == ["A()", "B(x~P!1).C(y!1)"])
        #expect(!output.text.contains(" exp 2") && output.text.contains(" exp_2 2"), "\(output.text)")
        #expect(output.text.contains("_pi") && !output.text.contains("pi()"), "\(output.text)")
        let groups = output.text.split(separator: "\n").drop { !$0.hasPrefix("begin groups") }.dropFirst().prefix { !$0.hasPrefix("end") }
        #expect(groups.map { $0.split(separator: " ")[1] } == ["k_2"], "\(output.text)")
        try checkRoundTrip(model)
    }
}
