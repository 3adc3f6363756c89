import CSBML
import Symbolic

/// The semantic part of ``SBMLReader``: one SBML model (converted) to an ``ODEModel``.
struct SBMLModelReader {
    let model: OpaquePointer
    let path: String
    let builder: ModelBuilder

    init(model: OpaquePointer, path: String) {
        self.model = model
        self.path = path
        var name = Model_getId(model).map { String(cString: $0) } ?? ""
        if name.isEmpty, let base = path.split(separator: "/").last {
            name = String(base.hasSuffix(".xml") ? base.dropLast(4) : base.hasSuffix(".sbml") ? base.dropLast(5) : base)
        }
        builder = ModelBuilder(name: name.isEmpty ? "model" : name)
    }

    func string(_ p: UnsafePointer<CChar>?) -> String { p.map { String(cString: $0) } ?? "" }

    /// An error at an SBML element's position.
    func error(_ element: OpaquePointer?, _ what: String, _ message: String) -> LocatedInputError {
        let line = element.map { Int(SBase_getLine($0)) } ?? 0, column = element.map { Int(SBase_getColumn($0)) } ?? 0
        return LocatedInputError(file: path, location: line > 0 ? SourceLocation(line: line, column: max(column, 1)) : nil,
                                 message: "\(what): \(message)")
    }

    func math(_ node: OpaquePointer?, _ element: OpaquePointer?, _ what: String) throws(LocatedInputError) -> String {
        do { return try SBMLMath.text(node) } catch { throw self.error(element, what, error.message) }
    }

    func number(_ value: Double, _ element: OpaquePointer?, _ what: String) throws(LocatedInputError) -> String {
        do { return try SBMLNumbers.decimal(value) } catch { throw self.error(element, what, error.message) }
    }

    /// Runs a builder step, prefixing its error with the element's position.
    func building(_ element: OpaquePointer?, _ what: String, _ body: () throws(ModelBuildError) -> Void) throws(LocatedInputError) {
        do { try body() } catch { throw self.error(element, what, error.message) }
    }

    mutating func read() throws(LocatedInputError) -> ODEModel {
        // Rules first: they decide what a species or parameter is.
        var assigned: [String: (rule: OpaquePointer, math: String)] = [:]
        var rates: [String: (rule: OpaquePointer, math: String)] = [:]
        for i in 0..<Model_getNumRules(model) {
            guard let rule = Model_getRule(model, i) else { continue }
            let variable = string(Rule_getVariable(rule))
            if Rule_isAlgebraic(rule) != 0 {
                throw error(rule, "algebraic rule", "an algebraic rule defines a differential-algebraic system, not an ODE")
            }
            let text = try math(Rule_getMath(rule), rule, "rule for '\(LocatedInputError.excerpt(variable, limit: 40))'")
            if Rule_isAssignment(rule) != 0 { assigned[variable] = (rule, text) } else { rates[variable] = (rule, text) }
        }
        // Initial assignments, as exact expressions replacing attribute values.
        var initialAssignments: [String: String] = [:]
        for i in 0..<Model_getNumInitialAssignments(model) {
            guard let a = Model_getInitialAssignment(model, i) else { continue }
            let symbol = string(InitialAssignment_getSymbol(a))
            initialAssignments[symbol] = try math(InitialAssignment_getMath(a), a, "initial assignment of '\(LocatedInputError.excerpt(symbol, limit: 40))'")
        }
        // Constants whose values are expressions of other constants are declared once those
        // are (in passes: models have a handful).
        var deferred: [(id: String, value: String, element: OpaquePointer, what: String)] = []
        func declare(_ id: String, _ value: String, _ element: OpaquePointer, _ what: String) throws(LocatedInputError) {
            do { try builder.declareParameter(id, value: value) } catch {
                if initialAssignments[id] != nil { deferred.append((id, value, element, what)) } else { throw self.error(element, what, error.message) }
            }
        }
        // Compartments: constant sizes.
        var sizes: [String: String] = [:]
        for i in 0..<Model_getNumCompartments(model) {
            guard let c = Model_getCompartment(model, i) else { continue }
            let id = string(Compartment_getId(c))
            let what = "compartment '\(LocatedInputError.excerpt(id, limit: 40))'"
            if rates[id] != nil || assigned[id] != nil {
                throw error(c, what, "its size changes (a rule sets it): concentrations in a changing volume are not read")
            }
            // A compartment without a size (allowed in Level 3) is fine while nothing needs it.
            let size: String
            if let assigned = initialAssignments[id] { size = assigned } else {
                guard Compartment_isSetSize(c) != 0 else { continue }
                size = try number(Compartment_getSize(c), c, what)
            }
            sizes[id] = id
            try declare(id, size, c, what)
        }
        // Parameters (global and promoted local ones): exact constants, or state variables
        // when a rate rule drives them; assignment-rule targets are aliases.
        var rateParameters: [(id: String, value: String, element: OpaquePointer)] = []
        for i in 0..<Model_getNumParameters(model) {
            guard let p = Model_getParameter(model, i) else { continue }
            let id = string(Parameter_getId(p))
            let what = "parameter '\(LocatedInputError.excerpt(id, limit: 40))'"
            if assigned[id] != nil { continue }
            var value = initialAssignments[id]
            if value == nil && Parameter_isSetValue(p) != 0 { value = try number(Parameter_getValue(p), p, what) }
            if rates[id] != nil {
                guard let value else { throw error(p, what, "expected an initial value for its rate rule / found none") }
                rateParameters.append((id, value, p))
                continue
            }
            if let value { try declare(id, value, p, what) }
        }
        while !deferred.isEmpty {
            let before = deferred
            deferred = []
            for d in before { try declare(d.id, d.value, d.element, d.what) }
            if deferred.count == before.count, let first = deferred.first {
                deferred = []
                try building(first.element, first.what) { () throws(ModelBuildError) in try builder.declareParameter(first.id, value: first.value) }
            }
        }
        // Species.
        var speciesOrder: [(id: String, element: OpaquePointer, concentration: Bool, compartment: String, changes: Bool)] = []
        var constants = Set<String>()  // constant and boundary species
        for i in 0..<Model_getNumSpecies(model) {
            guard let s = Model_getSpecies(model, i) else { continue }
            let id = string(Species_getId(s))
            let what = "species '\(LocatedInputError.excerpt(id, limit: 40))'"
            if assigned[id] != nil { continue }
            let compartment = string(Species_getCompartment(s))
            let concentration = Species_getHasOnlySubstanceUnits(s) == 0
            func size() throws(LocatedInputError) -> String {
                guard let size = sizes[compartment] else {
                    throw error(s, what, "expected a size of its compartment '\(LocatedInputError.excerpt(compartment, limit: 40))' (needed for its concentration) / found none")
                }
                return size
            }
            let initial: String
            if let assigned = initialAssignments[id] {
                initial = assigned  // in the species' own units (concentration or amount)
            } else if Species_isSetInitialConcentration(s) != 0 {
                let c = try number(Species_getInitialConcentration(s), s, what)
                initial = concentration ? c : "(\(c)) * (\(try size()))"
            } else if Species_isSetInitialAmount(s) != 0 {
                let a = try number(Species_getInitialAmount(s), s, what)
                initial = concentration ? "(\(a)) / (\(try size()))" : a
            } else {
                initial = "0"
            }
            if concentration { _ = try size() }
            // A constant or boundary species without a rate rule is a constant, as a parameter.
            if (Species_getConstant(s) != 0 || Species_getBoundaryCondition(s) != 0) && rates[id] == nil {
                try building(s, what) { () throws(ModelBuildError) in try builder.declareParameter(id, value: initial) }
                constants.insert(id)
                continue
            }
            let name = Species_isSetName(s) != 0 ? string(Species_getName(s)) : nil
            try building(s, what) { () throws(ModelBuildError) in
                try builder.declareSpecies(id, initialValue: initial, originalName: name.flatMap { $0.isEmpty || $0 == id ? nil : $0 })
            }
            speciesOrder.append((id, s, concentration, compartment, rates[id] == nil))
        }
        for p in rateParameters {
            try building(p.element, "parameter '\(LocatedInputError.excerpt(p.id, limit: 40))'") { () throws(ModelBuildError) in
                try builder.declareSpecies(p.id, initialValue: p.value)
            }
        }
        for (id, rule) in assigned { builder.defineAlias(id, as: rule.math) }
        // Reactions.
        let speciesInfo = Dictionary(speciesOrder.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let modelFactor = Model_isSetConversionFactor(model) != 0 ? string(Model_getConversionFactor(model)) : nil
        for i in 0..<Model_getNumReactions(model) {
            guard let r = Model_getReaction(model, i) else { continue }
            let id = string(Reaction_getId(r))
            let what = "reaction '\(LocatedInputError.excerpt(id, limit: 40))'"
            if Reaction_isSetFast(r) != 0 && Reaction_getFast(r) != 0 {
                throw error(r, what, "a fast reaction (an algebraic equilibrium) is not an ODE")
            }
            guard Reaction_isSetKineticLaw(r) != 0, let law = Reaction_getKineticLaw(r) else {
                throw error(r, what, "expected a kinetic law / found none")
            }
            let rate = try math(KineticLaw_getMath(law), r, what)
            var changes: [(species: String, stoichiometry: String, element: OpaquePointer)] = []
            for (count, get, sign) in [(Reaction_getNumReactants(r), Reaction_getReactant, "-"), (Reaction_getNumProducts(r), Reaction_getProduct, "")] {
                for k in 0..<count {
                    guard let ref = get(r, k) else { continue }
                    if SpeciesReference_isSetStoichiometryMath(ref) != 0 {
                        throw error(ref, what, "stoichiometry math (a variable stoichiometry) is not read")
                    }
                    let species = string(SpeciesReference_getSpecies(ref))
                    let n = SpeciesReference_isSetStoichiometry(ref) != 0 ? try number(SpeciesReference_getStoichiometry(ref), ref, what) : "1"
                    changes.append((species, "\(sign)(\(n))", ref))
                }
            }
            var contributions: [(species: String, factor: String?)] = []
            for change in changes {
                if constants.contains(change.species) { continue }
                guard let info = speciesInfo[change.species] else {
                    if assigned[change.species] != nil {
                        throw error(change.element, what, "species '\(LocatedInputError.excerpt(change.species, limit: 40))' is set by an assignment rule and also changed by this reaction")
                    }
                    throw error(change.element, what, "expected a species / found '\(LocatedInputError.excerpt(change.species, limit: 40))'")
                }
                guard info.changes else { continue }
                var factor = "(\(change.stoichiometry))"
                if info.concentration { factor += " / (\(info.compartment))" }
                let conversion = Species_isSetConversionFactor(info.element) != 0 ? string(Species_getConversionFactor(info.element)) : modelFactor
                if let conversion { factor += " * (\(conversion))" }
                contributions.append((change.species, factor))
            }
            // A reaction that changes no variable (only constant species) does not enter the ODE.
            if !contributions.isEmpty {
                try building(r, what) { () throws(ModelBuildError) in try builder.add(rate, toRatesOf: contributions) }
            }
        }
        // Rate rules: the ODE of their variable as written (no volume division).
        for (id, rule) in rates.sorted(by: { $0.key < $1.key }) {
            let what = "rate rule for '\(LocatedInputError.excerpt(id, limit: 40))'"
            guard speciesInfo[id] != nil || rateParameters.contains(where: { $0.id == id }) else {
                throw error(rule.rule, what, "expected a species or parameter / found '\(LocatedInputError.excerpt(id, limit: 40))'")
            }
            try building(rule.rule, what) { () throws(ModelBuildError) in try builder.add(rule.math, toRatesOf: [(id, nil)]) }
        }
        var built: ODEModel
        do { built = try builder.build() } catch { throw LocatedInputError(file: path, location: nil, message: error.message) }
        for i in 0..<Model_getNumEvents(model) {
            guard let e = Model_getEvent(model, i) else { continue }
            let id = string(Event_getId(e))
            let line = Int(SBase_getLine(e)), column = Int(SBase_getColumn(e))
            built.ignoredCommands.append(IgnoredCommand(name: "event '\(id.isEmpty ? "#\(i + 1)" : LocatedInputError.excerpt(id, limit: 40))'",
                                                        location: SourceLocation(line: max(line, 1), column: max(column, 1)), kind: .event))
        }
        return built
    }
}
