import CSBML
import Foundation
import Symbolic

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes an ``ODEModel`` as SBML Level 3 Version 2 (libSBML), exactly:
///
/// - every variable is a species with `hasOnlySubstanceUnits="true"` (an amount, so its rate
///   rule is its ODE as it is) in one compartment of size 1, its original name as `name`;
/// - the dynamics are rate rules `d(x)/dt = polynomial` or mass-action reactions (``Form``; by
///   default reactions when the model came as reactions),
///   built as MathML trees whose numbers are
///   exact integers and rationals (`<cn type="rational">`; numbers beyond 31 bits, which
///   libSBML's MathML reader cannot hold, as sums of 9-digit chunks times powers of ten), so
///   that they read back exactly;
/// - parameters carry their value as a double (for simulators) *and* an initial assignment with
///   the exact value (a rational, or the polynomial in irrational constants), which overrides
///   it; constant atoms are written as MathML (`ln`, `exp`, `root`, `pi`, …);
/// - `notes` of the model hold `comments` (a reduced model's provenance and block membership).
///
/// The document is checked with libSBML's consistency check before it is returned
/// (``checkConsistency(_:categories:)``; documents of many rules or reactions in parts).
public enum SBMLWriter {
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    /// How the dynamics are written.
    public enum Form: Sendable {
        /// One rate rule per variable: d(x)/dt = its polynomial.
        case rateRules
        /// Mass-action reactions, recovered exactly from the polynomials
        /// (``ODEModel/massActionReactions(allowingNegativeRates:)``: the terms with one monomial
        /// become one reaction when whole stoichiometries exist, else one reaction per term),
        /// kinetic law rate · monomial. A negative term without its own variable (dX/dt = −k·Y)
        /// becomes a reaction producing X at a negative rate.
        case reactions
        /// ``reactions`` when the model was stated as reactions (``ODEModel/statedAsReactions``)
        /// and every term is mass action (no negative rate), else ``rateRules``.
        case automatic
    }

    /// The form ``Form/automatic`` chooses, with the reactions when it chooses them.
    static func resolved(_ form: Form, _ model: ODEModel) throws(WriteError) -> (Form, [MassActionReaction]) {
        switch form {
        case .rateRules: return (.rateRules, [])
        case .reactions:
            do { return (.reactions, try model.massActionReactions(allowingNegativeRates: true)) } catch {
                throw WriteError(description: error.description)   // not reached: negative rates are allowed
            }
        case .automatic:
            guard model.statedAsReactions, let reactions = try? model.massActionReactions() else { return (.rateRules, []) }
            return (.reactions, reactions)
        }
    }

    public static func write(_ model: ODEModel, form requested: Form = .automatic, comments: [String] = []) throws(WriteError) -> String {
        try write(model, form: requested, comments: comments, partSize: consistencyPartSize)
    }

    /// ``write(_:form:comments:)`` checking documents of more than `partSize` rules or reactions in parts
    /// (a test hook: the text does not depend on it).
    package static func write(_ model: ODEModel, form requested: Form, comments: [String], partSize: Int) throws(WriteError) -> String {
        let (form, reactions) = try resolved(requested, model)
        guard let document = SBMLDocument_createWithLevelAndVersion(3, 2) else { throw WriteError(description: "libSBML could not create a document") }
        defer { SBMLDocument_free(document) }
        guard let m = SBMLDocument_createModel(document) else { throw WriteError(description: "libSBML could not create a model") }
        var modelID = sid(model.name)
        let symbolNames = Set(model.symbols.map(\.name))
        while symbolNames.contains(modelID) { modelID += "_model" }
        Model_setId(m, modelID)
        if !comments.isEmpty {
            let body = comments.map { "<p>\(xmlEscaped($0))</p>" }.joined()
            SBase_setNotesString(m, "<notes><body xmlns=\"http://www.w3.org/1999/xhtml\">\(body)</body></notes>")
        }
        // One compartment, named apart from every symbol.
        var compartmentID = "compartment"
        while symbolNames.contains(compartmentID) || compartmentID == modelID { compartmentID += "_" }
        let c = Model_createCompartment(m)
        Compartment_setId(c, compartmentID)
        Compartment_setSize(c, 1)
        Compartment_setConstant(c, 1)
        Compartment_setSpatialDimensions(c, 3)
        let approximations = model.approximateParameterValues()
        for p in model.parameters where p.atom == nil {
            let parameter = Model_createParameter(m)
            Parameter_setId(parameter, p.name)
            Parameter_setConstant(parameter, 1)
            if let v = p.value {
                Parameter_setValue(parameter, v.doubleValue)
                if Rational(exactly: v.doubleValue) != v { try initialAssignment(m, p.name, Polynomial(constant: v), model) }
            } else if let d = p.definition {
                Parameter_setValue(parameter, approximations[Int(p.symbol)] ?? .nan)
                try initialAssignment(m, p.name, d, model)
            }
        }
        // Documents with many rules or reactions are checked in parts (SBMLWriter+Consistency):
        // each part starts from the document as it is now (compartment, parameters).
        let elementCount = form == .rateRules ? model.variables.count : reactions.count
        let template = elementCount > partSize ? SBMLDocument_clone(document) : nil
        defer { if let template { SBMLDocument_free(template) } }
        var parts = PartElements(species: [], speciesAssignments: [:], elements: [], speciesOfElement: [])
        let variableOf = model.variableIndexTable()
        for (i, v) in model.variables.enumerated() {
            guard let s = Model_createSpecies(m) else { throw WriteError(description: "libSBML could not create a species") }
            Species_setId(s, v.name)
            if let original = v.originalName { Species_setName(s, original) }
            Species_setCompartment(s, compartmentID)
            Species_setHasOnlySubstanceUnits(s, 1)
            Species_setBoundaryCondition(s, 0)
            Species_setConstant(s, 0)
            Species_setInitialAmount(s, v.initialValue.doubleValue)
            parts.species.append(s)
            if Rational(exactly: v.initialValue.doubleValue) != v.initialValue {
                parts.speciesAssignments[i] = try initialAssignment(m, v.name, Polynomial(constant: v.initialValue), model)
            }
            if form == .rateRules {
                guard let rule = Model_createRateRule(m) else { throw WriteError(description: "libSBML could not create a rule") }
                Rule_setVariable(rule, v.name)
                let math = try tree(model.equations[i], model)
                Rule_setMath(rule, math)
                ASTNode_free(math)
                if template != nil {
                    var used: Set<Int> = [i]
                    for t in model.equations[i].terms {
                        for f in t.monomial.powers where variableOf[Int(f.symbol)] >= 0 { used.insert(Int(variableOf[Int(f.symbol)])) }
                    }
                    parts.elements.append(rule)
                    parts.speciesOfElement.append(used.sorted())
                }
            }
        }
        for (k, r) in reactions.enumerated() {
            var id = "r\(k + 1)"
            while symbolNames.contains(id) || id == modelID || id == compartmentID { id += "_" }
            let created = try reaction(m, id: id, r, in: model)
            if template != nil {
                parts.elements.append(created)
                parts.speciesOfElement.append(Array(Set(r.reactants.map(\.variable) + r.products.map(\.variable))).sorted())
            }
        }
        if let template {
            try checkConsistencyInParts(document, template: template, parts, isReactions: form == .reactions, partSize: partSize)
        } else {
            try checkConsistency(document)
        }
        guard let text = writeSBMLToString(document) else { throw WriteError(description: "libSBML could not write the document") }
        defer { free(text) }
        return String(cString: text)
    }

    /// One reaction: its reactants and products as species references, its flux as the kinetic law.
    @discardableResult
    static func reaction(_ m: OpaquePointer, id: String, _ reaction: MassActionReaction, in model: ODEModel) throws(WriteError) -> OpaquePointer {
        guard let r = Model_createReaction(m) else { throw WriteError(description: "libSBML could not create a reaction") }
        Reaction_setId(r, id)
        Reaction_setReversible(r, 0)
        for (side, refs) in [(Reaction_createReactant, reaction.reactants), (Reaction_createProduct, reaction.products)] {
            for (variable, count) in refs {
                let ref = side(r)
                SpeciesReference_setSpecies(ref, model.variables[variable].name)
                SpeciesReference_setStoichiometry(ref, Double(count))
                SpeciesReference_setConstant(ref, 1)
            }
        }
        let kinetic = Reaction_createKineticLaw(r)
        let math = try tree(reaction.flux, model)
        KineticLaw_setMath(kinetic, math)
        ASTNode_free(math)
        return r
    }

    @discardableResult
    static func initialAssignment(_ m: OpaquePointer, _ symbol: String, _ value: Polynomial, _ model: ODEModel) throws(WriteError) -> OpaquePointer {
        guard let a = Model_createInitialAssignment(m) else { throw WriteError(description: "libSBML could not create an initial assignment") }
        InitialAssignment_setSymbol(a, symbol)
        let math = try tree(value, model)
        InitialAssignment_setMath(a, math)
        ASTNode_free(math)
        return a
    }

    /// The MathML tree of a polynomial over the model's symbols (caller frees it).
    static func tree(_ p: Polynomial, _ model: ODEModel) throws(WriteError) -> OpaquePointer {
        if p.isZero { return integer(0) }
        var terms: [OpaquePointer] = []
        for t in p.terms {
            var factors: [OpaquePointer] = []
            if !t.coefficient.isOne || t.monomial.isOne { factors.append(number(t.coefficient)) }
            for (s, e) in t.monomial.factors {
                var node: OpaquePointer
                if let atom = model.parameterAtom(ofSymbol: s) {
                    // libSBML's L3 parser reads `(-1/2)` as a malformed rational literal: space the
                    // divisions. (The texts never have a minus before a power: see canonicalText.)
                    let text = atom.text.replacingOccurrences(of: "pi()", with: "pi").replacingOccurrences(of: "/", with: " / ")
                    guard let parsed = SBML_parseL3Formula(text) else {
                        throw WriteError(description: "cannot write the irrational constant \(LocatedInputError.excerpt(atom.text, limit: 60)) as MathML")
                    }
                    node = parsed
                } else {
                    node = ASTNode_createWithType(AST_NAME)
                    ASTNode_setName(node, model.name(ofSymbol: s))
                }
                if e > 1 { node = apply(AST_POWER, [node, integer(e)]) }
                factors.append(node)
            }
            terms.append(factors.count == 1 ? factors[0] : apply(AST_TIMES, factors))
        }
        return terms.count == 1 ? terms[0] : apply(AST_PLUS, terms)
    }

    static func apply(_ type: ASTNodeType_t, _ children: [OpaquePointer]) -> OpaquePointer {
        let node = ASTNode_createWithType(type)!
        for c in children { ASTNode_addChild(node, c) }
        return node
    }

    static func integer(_ n: Int) -> OpaquePointer {
        let node = ASTNode_createWithType(AST_INTEGER)!
        ASTNode_setInteger(node, n)
        return node
    }

    /// An exact number: an integer, a rational, or for parts beyond 31 bits (libSBML reads
    /// MathML `<cn>` integers into a C `int`) a quotient of sums of 9-digit chunks times powers
    /// of ten.
    static func number(_ r: Rational) -> OpaquePointer {
        let limit = Int64(Int32.max)
        if let (n, d) = r.smallParts, n.magnitude <= limit, d <= limit {
            if d == 1 { return integer(Int(n)) }
            let node = ASTNode_createWithType(AST_RATIONAL)!
            ASTNode_setRational(node, Int(n), Int(d))
            return node
        }
        let numerator = bigInteger(r.numeratorValue.description), denominator = r.denominatorValue
        return denominator.isOne ? numerator : apply(AST_DIVIDE, [numerator, bigInteger(denominator.description)])
    }

    static func bigInteger(_ digits: String) -> OpaquePointer {
        var text = Substring(digits)
        let negative = text.first == "-"
        if negative { text.removeFirst() }
        var chunks: [Int] = []  // least significant first
        while !text.isEmpty {
            let cut = text.index(text.endIndex, offsetBy: -Swift.min(9, text.count))
            chunks.append(Int(text[cut...])!)
            text = text[..<cut]
        }
        var parts: [OpaquePointer] = []
        for (i, chunk) in chunks.enumerated() where chunk != 0 {
            let value = integer(negative ? -chunk : chunk)
            parts.append(i == 0 ? value : apply(AST_TIMES, [value, apply(AST_POWER, [integer(10), integer(9 * i)])]))
        }
        return parts.isEmpty ? integer(0) : parts.count == 1 ? parts[0] : apply(AST_PLUS, parts)
    }

    /// A valid SBML id from a model name.
    static func sid(_ name: String) -> String {
        var out = String(name.unicodeScalars.map { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) || $0 == "_") ? Character($0) : "_" })
        if out.isEmpty || out.first!.isNumber { out = "m_" + out }
        return out
    }

    static func xmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
