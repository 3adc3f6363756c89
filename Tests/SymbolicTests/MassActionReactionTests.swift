import Testing
@testable import Symbolic

/// Reactions recovered from polynomials (``ODEModel/massActionReactions(allowingNegativeRates:)``)
/// reproduce every equation exactly; how a model was stated is kept.
@Suite struct MassActionReactionTests {
    /// Σ over reactions of (products[X] − reactants[X]) · flux, per variable.
    func equations(of reactions: [MassActionReaction], _ model: ODEModel) -> [Polynomial] {
        var out = [Polynomial](repeating: .zero, count: model.variables.count)
        for r in reactions {
            var net: [Int: Int] = [:]
            for (v, c) in r.reactants { net[v, default: 0] -= c }
            for (v, c) in r.products { net[v, default: 0] += c }
            for (v, n) in net where n != 0 { out[v] = out[v] + Rational(n) * r.flux }
        }
        return out
    }

    /// The reactants are the flux monomial's species; counts are positive.
    func expectWellFormed(_ reactions: [MassActionReaction], _ model: ODEModel, negativeAllowed: Bool) {
        for r in reactions {
            let species = r.monomial.factors.filter { model.variableIndex(ofSymbol: $0.symbol) != nil }
                .map { (model.variableIndex(ofSymbol: $0.symbol)!, $0.exponent) }.sorted { $0.0 < $1.0 }
            #expect(species.map(\.0) == r.reactants.map(\.variable) && species.map(\.1) == r.reactants.map(\.count))
            #expect(r.products.allSatisfy { $0.count > 0 })
            #expect(negativeAllowed || r.rate.signum > 0)
            #expect(r.rateParameters.allSatisfy { model.variableIndex(ofSymbol: $0.symbol) == nil })
        }
    }

    @Test func aNetworksReactionsComeBackAsThemselves() throws {
        let m = try ERODEReader.read(text: SmallModels.network, file: "n.ode")
        #expect(m.statedAsReactions)
        let reactions = try m.massActionReactions()
        #expect(reactions.count == 4)
        #expect(equations(of: reactions, m) == m.equations)
        expectWellFormed(reactions, m, negativeAllowed: false)
        let name = { (v: Int) in m.variables[v].name }
        let described = Set(reactions.map { r in
            r.reactants.map { "\($0.count)\(name($0.variable))" }.joined(separator: "+") + ">"
                + r.products.map { "\($0.count)\(name($0.variable))" }.joined(separator: "+") + "@\(r.rate)"
        })
        #expect(described == ["1A+1B>1C@1", "1C>1A+1B@1", "2A>1D@5", "1C>2C@1/7"], "\(described)")
    }

    @Test func aNegativeTermWithoutItsVariableIsRefusedOrANegativeRate() throws {
        let m = try ERODEReader.read(text: "begin model n\n begin ODE\n  d(x) = -2*y + x\n  d(y) = -y\n end ODE\nend model\n", file: "n.ode")
        #expect(!m.statedAsReactions)
        #expect(throws: NotMassActionError.self) { _ = try m.massActionReactions() }
        do { _ = try m.massActionReactions() } catch {
            #expect(error.description.contains("d(x)/dt has the negative term -2*y"), "\(error.description)")
        }
        let reactions = try m.massActionReactions(allowingNegativeRates: true)
        #expect(equations(of: reactions, m) == m.equations)
        expectWellFormed(reactions, m, negativeAllowed: true)
        #expect(reactions.contains { $0.rate == Rational(-2) })
    }

    /// Stoichiometries that are not whole (or beyond 100) fall back to one reaction per term.
    @Test func unevenCoefficientsFallBackToOneReactionPerTerm() throws {
        let m = try ERODEReader.read(text: "begin model n\n begin ODE\n  d(a) = -3*a*b\n  d(b) = -2*a*b\n  d(c) = 1000*a*b\n end ODE\nend model\n", file: "n.ode")
        let reactions = try m.massActionReactions()
        #expect(reactions.count == 3)
        #expect(equations(of: reactions, m) == m.equations)
        expectWellFormed(reactions, m, negativeAllowed: false)
    }

    @Test(.enabled(if: SharedModels.available, "needs ../shared/models"),
          arguments: SharedModels.manifest.filter { !$0.mustBeRejected && ($0.terms ?? 0) <= 200_000 })
    func sharedModelsReactionsReproduceTheirEquations(_ entry: SharedModels.Entry) throws {
        let model = try ModelFile.load(path: SharedModels.path(entry))
        // A .net or an ERODE reactions file is stated as reactions; ODE files are not.
        #expect(model.statedAsReactions == (entry.format == "net" || entry.format == "ode-reactions"), "\(entry.path)")
        let reactions = try model.massActionReactions(allowingNegativeRates: true)
        #expect(equations(of: reactions, model) == model.equations, "\(entry.path)")
        expectWellFormed(reactions, model, negativeAllowed: true)
        if entry.format == "net" {
            // A BioNetGen network is mass action throughout.
            #expect(throws: Never.self) { _ = try model.massActionReactions() }
        }
    }

    @Test func jsonKeepsHowTheDynamicsWereStated() throws {
        var m = try ERODEReader.read(text: "begin model n\n begin reactions\n  A -> B , 2\n end reactions\nend model\n", file: "n.ode")
        #expect(m.statedAsReactions)
        let text = ModelJSON.write(m)
        #expect(text.contains("\"stated_as\""))
        #expect(try ModelJSON.read(bytes: Array(text.utf8), file: "n.json").statedAsReactions)
        m.statedAsReactions = false
        #expect(!(try ModelJSON.read(bytes: Array(ModelJSON.write(m).utf8), file: "n.json").statedAsReactions))
        let bad = text.replacingOccurrences(of: "\"reactions\"", with: "\"rules\"")
        #expect(modelReadError({ _ = try ModelJSON.read(bytes: Array(bad.utf8), file: "n.json") })?.description.contains("expected \"reactions\" or \"equations\"") == true)
    }
}
