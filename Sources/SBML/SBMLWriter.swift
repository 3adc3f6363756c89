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
/// - the dynamics are rate rules `d(x)/dt = polynomial` (or mass-action reactions, ``Form``),
///   built as MathML trees whose numbers are
///   exact integers and rationals (`<cn type="rational">`; numbers beyond 31 bits, which
///   libSBML's MathML reader cannot hold, as sums of 9-digit chunks times powers of ten), so
///   that they read back exactly;
/// - parameters carry their value as a double (for simulators) *and* an initial assignment with
///   the exact value (a rational, or the polynomial in irrational constants), which overrides
///   it; constant atoms are written as MathML (`ln`, `exp`, `root`, `pi`, …);
/// - `notes` of the model hold `comments` (a reduced model's provenance and block membership).
///
/// The document is checked with libSBML's consistency check before it is returned.
public enum SBMLWriter {
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    /// How the dynamics are written.
    public enum Form: Sendable {
        /// One rate rule per variable: d(x)/dt = its polynomial.
        case rateRules
        /// One mass-action reaction per term (ERODE's encoding, as ``ERODEWriter`` writes
        /// reactions): a term c·m of dX/dt has reactants m and products m with one X more (or,
        /// for c < 0 and X in m, one fewer), kinetic law |c|·m (c·m when c < 0 and X is not in
        /// m: a negative production rate); a constant term is a reaction without reactants.
        case reactions
    }

    public static func write(_ model: ODEModel, form: Form = .rateRules, comments: [String] = []) throws(WriteError) -> String {
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
        for (i, v) in model.variables.enumerated() {
            let s = Model_createSpecies(m)
            Species_setId(s, v.name)
            if let original = v.originalName { Species_setName(s, original) }
            Species_setCompartment(s, compartmentID)
            Species_setHasOnlySubstanceUnits(s, 1)
            Species_setBoundaryCondition(s, 0)
            Species_setConstant(s, 0)
            Species_setInitialAmount(s, v.initialValue.doubleValue)
            if Rational(exactly: v.initialValue.doubleValue) != v.initialValue {
                try initialAssignment(m, v.name, Polynomial(constant: v.initialValue), model)
            }
            if form == .rateRules {
                let rule = Model_createRateRule(m)
                Rule_setVariable(rule, v.name)
                let math = try tree(model.equations[i], model)
                Rule_setMath(rule, math)
                ASTNode_free(math)
            }
        }
        if form == .reactions {
            var count = 0
            for (i, v) in model.variables.enumerated() {
                for t in model.equations[i].terms {
                    count += 1
                    var id = "r\(count)"
                    while symbolNames.contains(id) || id == modelID || id == compartmentID { id += "_" }
                    try reaction(m, id: id, term: t, of: v, in: model)
                }
            }
        }
        // Unit and modelling-practice checks report warnings only in Level 3 and are quadratic in the
        // number of reactions in libSBML 5.19 (fceri_fyn's 18,000 reactions: 40 s); every category
        // that can report an error stays on.
        SBMLDocument_setConsistencyChecks(document, LIBSBML_CAT_UNITS_CONSISTENCY, 0)
        SBMLDocument_setConsistencyChecks(document, LIBSBML_CAT_MODELING_PRACTICE, 0)
        let problems = SBMLDocument_checkConsistency(document)
        if problems > 0 {
            for k in 0..<SBMLDocument_getNumErrors(document) {
                guard let e = SBMLDocument_getError(document, k), XMLError_isError(e) != 0 || XMLError_isFatal(e) != 0 else { continue }
                let message = XMLError_getMessage(e).map { String(cString: $0) } ?? "?"
                throw WriteError(description: "the written SBML fails libSBML's consistency check: \(LocatedInputError.excerpt(message.trimmed, limit: 200))")
            }
        }
        guard let text = writeSBMLToString(document) else { throw WriteError(description: "libSBML could not write the document") }
        defer { free(text) }
        return String(cString: text)
    }

    /// The reaction for the term `t` of dX/dt (see ``Form/reactions``).
    static func reaction(_ m: OpaquePointer, id: String, term t: Term, of v: Variable, in model: ODEModel) throws(WriteError) {
        // The species of the monomial are the reactants (the other factors are the rate constant).
        let species = t.monomial.factors.filter { model.variableIndex(ofSymbol: $0.symbol) != nil }
            .map { (symbol: $0.symbol, count: $0.exponent) }
        var products = species
        // Consumption when c < 0 and X is a reactant: one X fewer among the products, law −c·m.
        let consumes = t.coefficient.signum < 0 && species.contains { $0.symbol == v.symbol }
        if consumes {
            products[products.firstIndex { $0.symbol == v.symbol }!].count -= 1
        } else if let k = products.firstIndex(where: { $0.symbol == v.symbol }) {
            products[k].count += 1
        } else {
            products.append((v.symbol, 1))
        }
        // The law is the flux: ±c times the whole monomial (rate constant and reactants).
        let law = Polynomial(consumes ? -t.coefficient : t.coefficient, t.monomial)
        let r = Model_createReaction(m)
        Reaction_setId(r, id)
        Reaction_setReversible(r, 0)
        for (side, refs) in [(Reaction_createReactant, species), (Reaction_createProduct, products)] {
            for (symbol, count) in refs where count > 0 {
                let ref = side(r)
                SpeciesReference_setSpecies(ref, model.name(ofSymbol: symbol))
                SpeciesReference_setStoichiometry(ref, Double(count))
                SpeciesReference_setConstant(ref, 1)
            }
        }
        let kinetic = Reaction_createKineticLaw(r)
        let math = try tree(law, model)
        KineticLaw_setMath(kinetic, math)
        ASTNode_free(math)
    }

    static func initialAssignment(_ m: OpaquePointer, _ symbol: String, _ value: Polynomial, _ model: ODEModel) throws(WriteError) {
        let a = Model_createInitialAssignment(m)
        InitialAssignment_setSymbol(a, symbol)
        let math = try tree(value, model)
        InitialAssignment_setMath(a, math)
        ASTNode_free(math)
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
