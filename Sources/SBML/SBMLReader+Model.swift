import Symbolic

/// The semantic part of ``SBMLReader``: the content of one SBML model (converted) to an
/// ``ODEModel``. Both extraction paths (libSBML's object model and the streaming reader) end here.
struct SBMLModelReader {
    typealias Position = SBMLContent.Position
    let content: SBMLContent
    let path: String
    let builder: ModelBuilder

    init(content: SBMLContent, path: String) {
        self.content = content
        self.path = path
        var name = content.modelID
        if name.isEmpty, let base = path.split(separator: "/").last {
            name = String(base.hasSuffix(".xml") ? base.dropLast(4) : base.hasSuffix(".sbml") ? base.dropLast(5) : base)
        }
        builder = ModelBuilder(name: name.isEmpty ? "model" : name)
    }

    /// An error at an SBML element's position.
    func error(_ position: Position?, _ what: String, _ message: String) -> LocatedInputError {
        LocatedInputError(file: path, location: position.map { SourceLocation(line: $0.line, column: $0.column) },
                          message: "\(what): \(message)")
    }

    func math(_ formula: SBMLContent.Formula, _ position: Position?, _ what: String) throws(LocatedInputError) -> String {
        switch formula {
        case .success(let text): return text
        case .failure(let error): throw self.error(position, what, error.message)
        }
    }

    func number(_ value: Double, _ position: Position?, _ what: String) throws(LocatedInputError) -> String {
        do { return try SBMLNumbers.decimal(value) } catch { throw self.error(position, what, error.message) }
    }

    /// Runs a builder step, prefixing its error with the element's position.
    func building(_ position: Position?, _ what: String, _ body: () throws(ModelBuildError) -> Void) throws(LocatedInputError) {
        do { try body() } catch { throw self.error(position, what, error.message) }
    }

    mutating func read() throws(LocatedInputError) -> ODEModel {
        // Rules first: they decide what a species or parameter is.
        var assigned: [String: (position: Position?, math: String)] = [:]
        var rates: [String: (position: Position?, math: String)] = [:]
        for rule in content.rules {
            if rule.kind == .algebraic {
                throw error(rule.position, "algebraic rule", "an algebraic rule defines a differential-algebraic system, not an ODE")
            }
            let text = try math(rule.math, rule.position, "rule for '\(LocatedInputError.excerpt(rule.variable, limit: 40))'")
            if rule.kind == .assignment { assigned[rule.variable] = (rule.position, text) } else { rates[rule.variable] = (rule.position, text) }
        }
        // Initial assignments, as exact expressions replacing attribute values.
        var initialAssignments: [String: String] = [:]
        for a in content.initialAssignments {
            initialAssignments[a.symbol] = try math(a.math, a.position, "initial assignment of '\(LocatedInputError.excerpt(a.symbol, limit: 40))'")
        }
        // Constants whose values are expressions of other constants are declared once those
        // are (in passes: models have a handful).
        var deferred: [(id: String, value: String, position: Position?, what: String)] = []
        func declare(_ id: String, _ value: String, _ position: Position?, _ what: String) throws(LocatedInputError) {
            do { try builder.declareParameter(id, value: value) } catch {
                if initialAssignments[id] != nil { deferred.append((id, value, position, what)) } else { throw self.error(position, what, error.message) }
            }
        }
        // Compartments: constant sizes.
        var sizes: [String: String] = [:]
        for c in content.compartments {
            let id = c.id
            let what = "compartment '\(LocatedInputError.excerpt(id, limit: 40))'"
            if rates[id] != nil || assigned[id] != nil {
                throw error(c.position, what, "its size changes (a rule sets it): concentrations in a changing volume are not read")
            }
            // A compartment without a size (allowed in Level 3) is fine while nothing needs it.
            let size: String
            if let assigned = initialAssignments[id] { size = assigned } else {
                guard let value = c.size else { continue }
                size = try number(value, c.position, what)
            }
            sizes[id] = id
            try declare(id, size, c.position, what)
        }
        // Parameters (global and promoted local ones): exact constants, or state variables
        // when a rate rule drives them; assignment-rule targets are aliases.
        var rateParameters: [(id: String, value: String, position: Position?)] = []
        for p in content.parameters {
            let id = p.id
            let what = "parameter '\(LocatedInputError.excerpt(id, limit: 40))'"
            if assigned[id] != nil { continue }
            var value = initialAssignments[id]
            if value == nil, let v = p.value { value = try number(v, p.position, what) }
            if rates[id] != nil {
                guard let value else { throw error(p.position, what, "expected an initial value for its rate rule / found none") }
                rateParameters.append((id, value, p.position))
                continue
            }
            if let value { try declare(id, value, p.position, what) }
        }
        while !deferred.isEmpty {
            let before = deferred
            deferred = []
            for d in before { try declare(d.id, d.value, d.position, d.what) }
            if deferred.count == before.count, let first = deferred.first {
                deferred = []
                try building(first.position, first.what) { () throws(ModelBuildError) in try builder.declareParameter(first.id, value: first.value) }
            }
        }
        // Species.
        var speciesOrder: [(id: String, species: SBMLContent.Species, concentration: Bool, changes: Bool)] = []
        var constants = Set<String>()  // constant and boundary species
        for s in content.species {
            let id = s.id
            let what = "species '\(LocatedInputError.excerpt(id, limit: 40))'"
            if assigned[id] != nil { continue }
            let compartment = s.compartment
            let concentration = !s.hasOnlySubstanceUnits
            func size() throws(LocatedInputError) -> String {
                guard let size = sizes[compartment] else {
                    throw error(s.position, what, "expected a size of its compartment '\(LocatedInputError.excerpt(compartment, limit: 40))' (needed for its concentration) / found none")
                }
                return size
            }
            let initial: String
            if let assigned = initialAssignments[id] {
                initial = assigned  // in the species' own units (concentration or amount)
            } else if let value = s.initialConcentration {
                let c = try number(value, s.position, what)
                initial = concentration ? c : "(\(c)) * (\(try size()))"
            } else if let value = s.initialAmount {
                let a = try number(value, s.position, what)
                initial = concentration ? "(\(a)) / (\(try size()))" : a
            } else {
                initial = "0"
            }
            if concentration { _ = try size() }
            // A constant or boundary species without a rate rule is a constant, as a parameter.
            if (s.constant || s.boundaryCondition) && rates[id] == nil {
                try building(s.position, what) { () throws(ModelBuildError) in try builder.declareParameter(id, value: initial) }
                constants.insert(id)
                continue
            }
            let name = s.name.flatMap { $0.isEmpty || $0 == id ? nil : $0 }
            try building(s.position, what) { () throws(ModelBuildError) in
                try builder.declareSpecies(id, initialValue: initial, originalName: name)
            }
            speciesOrder.append((id, s, concentration, rates[id] == nil))
        }
        for p in rateParameters {
            try building(p.position, "parameter '\(LocatedInputError.excerpt(p.id, limit: 40))'") { () throws(ModelBuildError) in
                try builder.declareSpecies(p.id, initialValue: p.value)
            }
        }
        for (id, rule) in assigned { builder.defineAlias(id, as: rule.math) }
        // Reactions.
        let speciesInfo = Dictionary(speciesOrder.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for r in content.reactions {
            let what = "reaction '\(LocatedInputError.excerpt(r.id, limit: 40))'"
            if r.fast {
                throw error(r.position, what, "a fast reaction (an algebraic equilibrium) is not an ODE")
            }
            guard let law = r.kineticLaw else {
                throw error(r.position, what, "expected a kinetic law / found none")
            }
            let rate = try math(law, r.position, what)
            var changes: [(species: String, stoichiometry: String, position: Position?)] = []
            for (references, sign) in [(r.reactants, "-"), (r.products, "")] {
                for ref in references {
                    if ref.hasStoichiometryMath {
                        throw error(ref.position, what, "stoichiometry math (a variable stoichiometry) is not read")
                    }
                    var n = try ref.stoichiometry.map { v throws(LocatedInputError) in try number(v, ref.position, what) } ?? "1"
                    if let id = ref.id {
                        // Level 3: a reference's id is its stoichiometry as a symbol. A rule
                        // makes it variable (not read); an initial assignment sets it once.
                        if rates[id] != nil || assigned[id] != nil {
                            throw error(ref.position, what, "the stoichiometry '\(LocatedInputError.excerpt(id, limit: 40))' is set by a rule (a variable stoichiometry is not read)")
                        }
                        if let value = initialAssignments[id] { n = value }
                    }
                    changes.append((ref.species, "\(sign)(\(n))", ref.position))
                }
            }
            var contributions: [(species: String, factor: String?)] = []
            for change in changes {
                if constants.contains(change.species) { continue }
                guard let info = speciesInfo[change.species] else {
                    if assigned[change.species] != nil {
                        throw error(change.position, what, "species '\(LocatedInputError.excerpt(change.species, limit: 40))' is set by an assignment rule and also changed by this reaction")
                    }
                    throw error(change.position, what, "expected a species / found '\(LocatedInputError.excerpt(change.species, limit: 40))'")
                }
                guard info.changes else { continue }
                var factor = "(\(change.stoichiometry))"
                if info.concentration { factor += " / (\(info.species.compartment))" }
                if let conversion = info.species.conversionFactor ?? content.conversionFactor { factor += " * (\(conversion))" }
                contributions.append((change.species, factor))
            }
            // A reaction that changes no variable (only constant species) does not enter the ODE.
            if !contributions.isEmpty {
                try building(r.position, what) { () throws(ModelBuildError) in try builder.add(rate, toRatesOf: contributions) }
            }
        }
        // Rate rules: the ODE of their variable as written (no volume division).
        for (id, rule) in rates.sorted(by: { $0.key < $1.key }) {
            let what = "rate rule for '\(LocatedInputError.excerpt(id, limit: 40))'"
            guard speciesInfo[id] != nil || rateParameters.contains(where: { $0.id == id }) else {
                throw error(rule.position, what, "expected a species or parameter / found '\(LocatedInputError.excerpt(id, limit: 40))'")
            }
            try building(rule.position, what) { () throws(ModelBuildError) in try builder.add(rule.math, toRatesOf: [(id, nil)]) }
        }
        var built: ODEModel
        do { built = try builder.build() } catch { throw LocatedInputError(file: path, location: nil, message: error.message) }
        built.statedAsReactions = !content.reactions.isEmpty && rates.isEmpty
        for (i, e) in content.events.enumerated() {
            let position = e.position ?? Position(line: 1, column: 1)
            built.ignoredCommands.append(IgnoredCommand(name: "event '\(e.id.isEmpty ? "#\(i + 1)" : LocatedInputError.excerpt(e.id, limit: 40))'",
                                                        location: SourceLocation(line: position.line, column: position.column), kind: .event))
        }
        return built
    }
}
