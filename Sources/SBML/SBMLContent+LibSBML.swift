import CSBML
import Symbolic

extension SBMLContent {
    /// The reference extraction: the content of a libSBML model (after its converters).
    init(libSBMLModel model: OpaquePointer) {
        func string(_ p: UnsafePointer<CChar>?) -> String { p.map { String(cString: $0) } ?? "" }
        func position(_ element: OpaquePointer) -> Position? {
            let line = Int(SBase_getLine(element)), column = Int(SBase_getColumn(element))
            return line > 0 ? Position(line: line, column: max(column, 1)) : nil
        }
        func formula(_ node: OpaquePointer?) -> Formula {
            do { return .success(try SBMLMath.text(node)) } catch { return .failure(error) }
        }
        modelID = string(Model_getId(model))
        conversionFactor = Model_isSetConversionFactor(model) != 0 ? string(Model_getConversionFactor(model)) : nil
        for i in 0..<Model_getNumRules(model) {
            guard let rule = Model_getRule(model, i) else { continue }
            let kind: RuleKind = Rule_isAlgebraic(rule) != 0 ? .algebraic : Rule_isAssignment(rule) != 0 ? .assignment : .rate
            rules.append(Rule(variable: string(Rule_getVariable(rule)), kind: kind,
                              math: formula(Rule_getMath(rule)), position: position(rule)))
        }
        for i in 0..<Model_getNumInitialAssignments(model) {
            guard let a = Model_getInitialAssignment(model, i) else { continue }
            initialAssignments.append(InitialAssignment(symbol: string(InitialAssignment_getSymbol(a)),
                                                        math: formula(InitialAssignment_getMath(a)), position: position(a)))
        }
        for i in 0..<Model_getNumCompartments(model) {
            guard let c = Model_getCompartment(model, i) else { continue }
            compartments.append(Compartment(id: string(Compartment_getId(c)),
                                            size: Compartment_isSetSize(c) != 0 ? Compartment_getSize(c) : nil,
                                            position: position(c)))
        }
        for i in 0..<Model_getNumParameters(model) {
            guard let p = Model_getParameter(model, i) else { continue }
            parameters.append(Parameter(id: string(Parameter_getId(p)),
                                        value: Parameter_isSetValue(p) != 0 ? Parameter_getValue(p) : nil,
                                        position: position(p)))
        }
        for i in 0..<Model_getNumSpecies(model) {
            guard let s = Model_getSpecies(model, i) else { continue }
            species.append(Species(
                id: string(Species_getId(s)),
                name: Species_isSetName(s) != 0 ? string(Species_getName(s)) : nil,
                compartment: string(Species_getCompartment(s)),
                hasOnlySubstanceUnits: Species_getHasOnlySubstanceUnits(s) != 0,
                initialConcentration: Species_isSetInitialConcentration(s) != 0 ? Species_getInitialConcentration(s) : nil,
                initialAmount: Species_isSetInitialAmount(s) != 0 ? Species_getInitialAmount(s) : nil,
                constant: Species_getConstant(s) != 0,
                boundaryCondition: Species_getBoundaryCondition(s) != 0,
                conversionFactor: Species_isSetConversionFactor(s) != 0 ? string(Species_getConversionFactor(s)) : nil,
                position: position(s)))
        }
        func references(_ r: OpaquePointer, _ count: UInt32, _ get: (OpaquePointer?, UInt32) -> OpaquePointer?) -> [SpeciesReference] {
            var out: [SpeciesReference] = []
            for k in 0..<count {
                guard let ref = get(r, k) else { continue }
                let id = SpeciesReference_isSetId(ref) != 0 ? string(SpeciesReference_getId(ref)) : nil
                out.append(SpeciesReference(
                    species: string(SpeciesReference_getSpecies(ref)), id: id,
                    stoichiometry: SpeciesReference_isSetStoichiometry(ref) != 0 ? SpeciesReference_getStoichiometry(ref) : nil,
                    hasStoichiometryMath: SpeciesReference_isSetStoichiometryMath(ref) != 0,
                    position: position(ref)))
            }
            return out
        }
        for i in 0..<Model_getNumReactions(model) {
            guard let r = Model_getReaction(model, i) else { continue }
            let law: Formula? = Reaction_isSetKineticLaw(r) != 0 ? Reaction_getKineticLaw(r).map { formula(KineticLaw_getMath($0)) } : nil
            reactions.append(Reaction(
                id: string(Reaction_getId(r)),
                fast: Reaction_isSetFast(r) != 0 && Reaction_getFast(r) != 0,
                kineticLaw: law,
                reactants: references(r, Reaction_getNumReactants(r), Reaction_getReactant),
                products: references(r, Reaction_getNumProducts(r), Reaction_getProduct),
                position: position(r)))
        }
        for i in 0..<Model_getNumEvents(model) {
            guard let e = Model_getEvent(model, i) else { continue }
            events.append(Event(id: string(Event_getId(e)), position: position(e)))
        }
    }
}
