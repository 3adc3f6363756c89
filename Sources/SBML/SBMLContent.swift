import Symbolic

/// What ``SBMLModelReader`` needs from an SBML document, as plain values.
///
/// Two extractors fill it: ``SBMLContent/init(libSBMLModel:)`` from libSBML's object model (the
/// reference path, after its converters), and ``SBMLStreamingReader`` straight from the XML (the
/// fast path, for the subset it knows). The model reader works on this type only, so both paths
/// share one semantics; the tests compare the two extractions value by value.
///
/// Numbers are the doubles of the attributes (the model reader makes them exact); formulas are
/// the text of ``SBMLMath`` (odered's expression language), or why a formula cannot be read.
struct SBMLContent: Equatable {
    /// A formula as odered's expression text, or the reason it is outside the language (refused
    /// only if the model reader needs it).
    typealias Formula = Result<String, SBMLMath.Unsupported>

    /// An XML line:column (1-based), where the document has one.
    struct Position: Equatable {
        var line: Int
        var column: Int
    }

    enum RuleKind: Equatable { case assignment, rate, algebraic }

    struct Rule: Equatable {
        var variable: String
        var kind: RuleKind
        var math: Formula
        var position: Position?
    }

    struct InitialAssignment: Equatable {
        var symbol: String
        var math: Formula
        var position: Position?
    }

    struct Compartment: Equatable {
        var id: String
        var size: Double?
        var position: Position?
    }

    struct Parameter: Equatable {
        var id: String
        var value: Double?
        var position: Position?
    }

    struct Species: Equatable {
        var id: String
        var name: String?
        var compartment: String
        var hasOnlySubstanceUnits: Bool
        var initialConcentration: Double?
        var initialAmount: Double?
        var constant: Bool
        var boundaryCondition: Bool
        var conversionFactor: String?
        var position: Position?
    }

    struct SpeciesReference: Equatable {
        var species: String
        /// The reference's own id (Level 3), which a rule or initial assignment may target.
        var id: String?
        /// The stoichiometry attribute, if set.
        var stoichiometry: Double?
        var hasStoichiometryMath: Bool
        var position: Position?
    }

    struct Reaction: Equatable {
        var id: String
        var fast: Bool
        /// The kinetic law's formula, or nil when the reaction has none.
        var kineticLaw: Formula?
        var reactants: [SpeciesReference]
        var products: [SpeciesReference]
        var position: Position?
    }

    struct Event: Equatable {
        var id: String
        var position: Position?
    }

    var modelID: String = ""
    var conversionFactor: String?
    var rules: [Rule] = []
    var initialAssignments: [InitialAssignment] = []
    var compartments: [Compartment] = []
    var parameters: [Parameter] = []
    var species: [Species] = []
    var reactions: [Reaction] = []
    var events: [Event] = []
}
