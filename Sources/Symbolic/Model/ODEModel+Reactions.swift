/// A mass-action reaction recovered from a model's polynomials: reactants → products at flux
/// `rate · monomial`, where `monomial` is the product of the reactants and of rate-constant
/// parameters. Its contribution to dX/dt is (products[X] − reactants[X]) · rate · monomial.
public struct MassActionReaction: Sendable {
    /// The whole monomial of the flux (species and parameters).
    public var monomial: Monomial
    /// Reactant (variable index, count), from the monomial's species, by variable index.
    public var reactants: [(variable: Int, count: Int)]
    /// Product (variable index, count), positive counts only, by variable index.
    public var products: [(variable: Int, count: Int)]
    /// The rational rate factor (> 0 unless negative rates were allowed).
    public var rate: Rational
    /// The parameter part of ``monomial`` (the rate constant's symbols).
    public var rateParameters: [(symbol: Int32, exponent: Int)]

    /// The flux as a polynomial: rate · monomial.
    public var flux: Polynomial { Polynomial(rate, monomial) }
}

/// Why a model's dynamics are not a mass-action reaction network.
public struct NotMassActionError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension ODEModel {
    /// The model's dynamics as mass-action reactions, exactly.
    ///
    /// The terms of all equations with the same monomial are first tried as one reaction: with
    /// r the smallest |coefficient| among them, the reactants are the monomial's species and
    /// the products add (coefficient / r) of each species, which must be whole numbers (at
    /// most 100 in size) that leave no product count negative; the flux is r times the
    /// monomial. This recovers a network's reactions (A + B → C gives −k·A·B, −k·A·B, +k·A·B
    /// and comes back as one reaction). Otherwise each term c·m of dX/dt is a reaction of its
    /// own: m → m + X at rate c when c > 0, m → m − X at rate −c when c < 0 and X divides m.
    /// A negative term without its own variable (dX/dt = −k·Y) has no mass-action reaction:
    /// it is refused, or with `allowingNegativeRates` written as m → m + X at the negative
    /// rate c (a valid SBML kinetic law, but not mass action).
    ///
    /// The reactions reproduce every equation exactly: Σ over reactions of
    /// (products[X] − reactants[X]) · flux = dX/dt.
    /// - Throws: ``NotMassActionError`` naming the first negative term without its own variable.
    /// - Complexity: O(T log T) for T terms (one hash per term).
    public func massActionReactions(allowingNegativeRates: Bool = false) throws(NotMassActionError) -> [MassActionReaction] {
        let variableOf = variableIndexTable()
        var groupOf: [Monomial: Int] = [:]
        var groups: [(monomial: Monomial, entries: [(variable: Int, coefficient: Rational)])] = []
        for (i, p) in equations.enumerated() {
            for t in p.terms {
                if let g = groupOf[t.monomial] { groups[g].entries.append((i, t.coefficient)) } else {
                    groupOf[t.monomial] = groups.count
                    groups.append((t.monomial, [(i, t.coefficient)]))
                }
            }
        }
        func sorted(_ counts: [Int: Int]) -> [(variable: Int, count: Int)] {
            counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        var reactions: [MassActionReaction] = []
        reactions.reserveCapacity(groups.count)
        for g in groups {
            var species: [Int: Int] = [:], parameters: [(symbol: Int32, exponent: Int)] = []
            for f in g.monomial.powers {
                let v = variableOf[Int(f.symbol)]
                if v >= 0 { species[Int(v), default: 0] += f.exponent } else { parameters.append((f.symbol, f.exponent)) }
            }
            let reactants = sorted(species)
            // One reaction for the whole group, when whole stoichiometries exist.
            let r = g.entries.map(\.coefficient.magnitude).min()!
            var products = species
            var whole = true
            for e in g.entries {
                let s = e.coefficient / r
                guard s.denominatorValue == .one, let (n, _) = s.smallParts, n.magnitude <= 100 else { whole = false; break }
                products[e.variable, default: 0] += Int(n)
                if products[e.variable]! < 0 { whole = false; break }
            }
            if whole {
                reactions.append(MassActionReaction(monomial: g.monomial, reactants: reactants, products: sorted(products),
                                                    rate: r, rateParameters: parameters))
                continue
            }
            for e in g.entries {
                var p = species
                var rate = e.coefficient
                if e.coefficient.signum > 0 {
                    p[e.variable, default: 0] += 1
                } else if let k = p[e.variable], k > 0 {
                    p[e.variable] = k - 1
                    rate = -rate
                } else if allowingNegativeRates {
                    p[e.variable, default: 0] += 1
                } else {
                    let term = Polynomial(e.coefficient, g.monomial).formatted { self.name(ofSymbol: $0) }
                    throw NotMassActionError(description: "d(\(LocatedInputError.excerpt(variables[e.variable].name)))/dt has the negative term \(LocatedInputError.excerpt(term)) without its own variable: no mass-action reaction gives it")
                }
                reactions.append(MassActionReaction(monomial: g.monomial, reactants: reactants, products: sorted(p),
                                                    rate: rate, rateParameters: parameters))
            }
        }
        return reactions
    }
}
