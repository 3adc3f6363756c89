import Symbolic

/// The fast path of ``SBMLReader``: reads ``SBMLContent`` straight from the XML with libxml2's
/// pull parser, for the subset of SBML that large generated models use, and hands every other
/// file to libSBML.
///
/// libSBML builds its whole object tree (about 16 KB per reaction), which for a model of 10⁵
/// reactions takes seconds; this reader keeps only the values ``SBMLModelReader`` needs.
///
/// **The subset.** SBML Level 2 Versions 3–5 and Level 3 Versions 1–2 core: compartments,
/// species, parameters, unit definitions, initial assignments, assignment and rate rules,
/// reactions with global parameters, notes and annotations; MathML with `ci`, integer and
/// decimal `cn`, and `apply` of `plus`, `times`, `minus`, `divide` and `power`. Every element
/// and attribute is checked against the specification's list for its level and version; the
/// syntax of ids, metaids, SBO terms, booleans and numbers is checked; so is the placement of
/// notes (XHTML) and annotations (one top-level element per namespace, none in SBML's). A
/// file outside the subset, or one libSBML would refuse as far as this reader can tell,
/// gives a ``Outcome/fallback(_:)``, never an answer: function definitions, local parameters,
/// events, constraints, algebraic rules, packages, other MathML, empty lists, lists out of
/// order, a DOCTYPE, any XML error. `SBMLReader` also falls back when the model reader refuses
/// the content, so every error message comes from libSBML's path.
///
/// The tests compare this reader's content with libSBML's, value by value, on every shared SBML
/// model, on SBML that odered writes, on hand-written files and on mutated ones.
///
/// - Complexity: O(file size), one pass.
struct SBMLStreamingReader {
    typealias Fallback = XMLCursor.Fallback

    enum Outcome: Equatable {
        case content(SBMLContent)
        /// libSBML must read the file; the reason (for tests and benchmarks).
        case fallback(String)
    }

    static func read(path: String) -> Outcome {
        guard let cursor = XMLCursor(path: path) else { return .fallback("cannot open the file") }
        var reader = SBMLStreamingReader(cursor: cursor)
        do { return .content(try reader.document()) } catch { return .fallback(error.reason) }
    }

    static let mathML = "http://www.w3.org/1998/Math/MathML"
    static let xhtml = "http://www.w3.org/1999/xhtml"

    let cursor: XMLCursor
    var level = 0, version = 0
    /// The SBML core namespace of the document's level and version.
    var core = ""
    var content = SBMLContent()

    init(cursor: XMLCursor) { self.cursor = cursor }

    func fallback(_ reason: String) -> Fallback { Fallback(reason: reason) }

    /// Positions are libSBML's business: they appear only in error messages, and every error
    /// is reported through libSBML's path (libxml2's pull parser does not know the column of a
    /// start tag).
    var position: SBMLContent.Position? { nil }

    // MARK: Document and model

    mutating func document() throws(Fallback) -> SBMLContent {
        guard case .start(name: "sbml", namespace: let namespace) = try cursor.next() else { throw fallback("expected <sbml>") }
        // libSBML requires an XML declaration with its encoding.
        guard cursor.declaredEncoding?.uppercased() == "UTF-8", cursor.declaredVersion == "1.0" else {
            throw fallback("XML declaration without version 1.0 and encoding UTF-8")
        }
        var levelText = "", versionText = ""
        for a in cursor.attributes {
            if a.namespace == XMLCursor.xmlnsNamespace {
                // A Level 3 package declared: libSBML reads (or refuses) its constructs.
                if a.value.hasPrefix("http://www.sbml.org/sbml/level3/") && !a.value.hasSuffix("/core") { throw fallback("SBML package \(a.value)") }
                continue
            }
            guard a.namespace.isEmpty else { throw fallback("attribute \(a.name) of <sbml>") }
            switch a.name {
            case "level": levelText = a.value
            case "version": versionText = a.value
            default: throw fallback("attribute \(a.name) of <sbml>")
            }
        }
        switch (levelText, versionText) {
        case ("3", "1"): (level, version) = (3, 1)
        case ("3", "2"): (level, version) = (3, 2)
        case ("2", "3"): (level, version) = (2, 3)
        case ("2", "4"): (level, version) = (2, 4)
        case ("2", "5"): (level, version) = (2, 5)
        default: throw fallback("SBML level \(levelText) version \(versionText)")
        }
        core = level == 3 ? "http://www.sbml.org/sbml/level3/version\(version)/core" : "http://www.sbml.org/sbml/level2/version\(version)"
        guard namespace == core else { throw fallback("namespace \(namespace) for level \(level) version \(version)") }
        var models = 0
        try children { (this: inout SBMLStreamingReader, name) throws(Fallback) in
            guard name == "model", models == 0 else { throw this.fallback("<\(name)> in <sbml>") }
            models += 1
            try this.model()
        }
        guard models == 1 else { throw fallback("no <model>") }
        guard case .endOfDocument = try cursor.next() else { throw fallback("content after </sbml>") }
        return content
    }

    /// The lists of a model, in the order the specifications give.
    static let listOrder = ["listOfFunctionDefinitions", "listOfUnitDefinitions", "listOfCompartmentTypes", "listOfSpeciesTypes",
                            "listOfCompartments", "listOfSpecies", "listOfParameters", "listOfInitialAssignments", "listOfRules",
                            "listOfConstraints", "listOfReactions", "listOfEvents"]

    mutating func model() throws(Fallback) {
        let units: [String] = level == 3 ? ["substanceUnits", "timeUnits", "volumeUnits", "areaUnits", "lengthUnits", "extentUnits"] : []
        let a = try attributes("model", ["id", "name", "conversionFactor"] + units, sIds: ["id", "conversionFactor"] + units)
        if level == 2 && a["conversionFactor"] != nil { throw fallback("conversionFactor in Level 2") }
        content.modelID = a["id"] ?? ""
        content.conversionFactor = a["conversionFactor"]
        var last = -1
        try children { (this: inout SBMLStreamingReader, name) throws(Fallback) in
            guard let index = Self.listOrder.firstIndex(of: name), index > last else { throw this.fallback("<\(name)> in <model>") }
            last = index
            switch name {
            case "listOfUnitDefinitions": try this.list("unitDefinition") { (this: inout SBMLStreamingReader) throws(Fallback) in try this.unitDefinition() }
            case "listOfCompartments": try this.list("compartment") { (this: inout SBMLStreamingReader) throws(Fallback) in try this.compartment() }
            case "listOfSpecies": try this.list("species") { (this: inout SBMLStreamingReader) throws(Fallback) in try this.species() }
            case "listOfParameters": try this.list("parameter") { (this: inout SBMLStreamingReader) throws(Fallback) in try this.parameter() }
            case "listOfInitialAssignments":
                try this.list("initialAssignment") { (this: inout SBMLStreamingReader) throws(Fallback) in try this.initialAssignment() }
            case "listOfRules": try this.rules()
            case "listOfReactions": try this.list("reaction") { (this: inout SBMLStreamingReader) throws(Fallback) in try this.reaction() }
            default: throw this.fallback("<\(name)>")  // function definitions, types, constraints, events
            }
        }
    }

    // MARK: Components

    mutating func unitDefinition() throws(Fallback) {
        _ = try attributes("unitDefinition", ["id", "name"], required: ["id"], sIds: ["id"])
        var lists = 0
        try children { (this: inout SBMLStreamingReader, name) throws(Fallback) in
            guard name == "listOfUnits", lists == 0 else { throw this.fallback("<\(name)> in <unitDefinition>") }
            lists += 1
            try this.list("unit") { (this: inout SBMLStreamingReader) throws(Fallback) in try this.unit() }
        }
    }

    static let unitKinds: Set<String> = [
        "ampere", "becquerel", "candela", "coulomb", "dimensionless", "farad", "gram", "gray", "henry", "hertz", "item",
        "joule", "katal", "kelvin", "kilogram", "litre", "lumen", "lux", "metre", "mole", "newton", "ohm", "pascal", "radian",
        "second", "siemens", "sievert", "steradian", "tesla", "volt", "watt", "weber",
    ]

    mutating func unit() throws(Fallback) {
        let names = ["kind", "exponent", "scale", "multiplier"]
        let a = try attributes("unit", names, required: level == 3 ? names : ["kind"])
        guard let kind = a["kind"], Self.unitKinds.contains(kind) || (level == 3 && kind == "avogadro") else { throw fallback("unit kind") }
        if let e = a["exponent"] { try level == 3 ? checkDouble(e) : checkInteger(e) }
        if let s = a["scale"] { try checkInteger(s) }
        if let m = a["multiplier"] { _ = try double(m) }
        try noChildren("unit")
    }

    mutating func compartment() throws(Fallback) {
        let names = ["id", "name", "spatialDimensions", "size", "units", "constant"] + (level == 2 ? ["outside"] : [])
        let a = try attributes("compartment", names, required: level == 3 ? ["id", "constant"] : ["id"], sIds: ["id", "units", "outside"])
        if let d = a["spatialDimensions"] { try level == 3 ? checkDouble(d) : checkInteger(d) }
        if let c = a["constant"] { _ = try bool(c) }
        let size = try a["size"].map { s throws(Fallback) in try double(s) }
        // Level 2 gives a compartment without a size rules of its own (libSBML decides).
        if level == 2 && size == nil { throw fallback("Level 2 compartment without a size") }
        let at = position
        try noChildren("compartment")
        content.compartments.append(SBMLContent.Compartment(id: a["id"]!, size: size, position: at))
    }

    mutating func species() throws(Fallback) {
        let flags = ["hasOnlySubstanceUnits", "boundaryCondition", "constant"]
        let names = ["id", "name", "compartment", "initialAmount", "initialConcentration", "substanceUnits"] + flags
            + (level == 3 ? ["conversionFactor"] : [])
        let a = try attributes("species", names, required: level == 3 ? ["id", "compartment"] + flags : ["id", "compartment"],
                               sIds: ["id", "compartment", "substanceUnits", "conversionFactor"])
        if a["initialAmount"] != nil && a["initialConcentration"] != nil { throw fallback("species with both initial values") }
        let at = position
        let s = SBMLContent.Species(
            id: a["id"]!, name: a["name"], compartment: a["compartment"]!,
            hasOnlySubstanceUnits: try a["hasOnlySubstanceUnits"].map { v throws(Fallback) in try bool(v) } ?? false,
            initialConcentration: try a["initialConcentration"].map { v throws(Fallback) in try double(v) },
            initialAmount: try a["initialAmount"].map { v throws(Fallback) in try double(v) },
            constant: try a["constant"].map { v throws(Fallback) in try bool(v) } ?? false,
            boundaryCondition: try a["boundaryCondition"].map { v throws(Fallback) in try bool(v) } ?? false,
            conversionFactor: a["conversionFactor"], position: at)
        try noChildren("species")
        content.species.append(s)
    }

    mutating func parameter() throws(Fallback) {
        let a = try attributes("parameter", ["id", "name", "value", "units", "constant"],
                               required: level == 3 ? ["id", "constant"] : ["id"], sIds: ["id", "units"])
        if let c = a["constant"] { _ = try bool(c) }
        let at = position
        let value = try a["value"].map { v throws(Fallback) in try double(v) }
        try noChildren("parameter")
        content.parameters.append(SBMLContent.Parameter(id: a["id"]!, value: value, position: at))
    }

    mutating func initialAssignment() throws(Fallback) {
        let a = try attributes("initialAssignment", ["symbol"], required: ["symbol"], sIds: ["symbol"])
        let at = position
        let math = try mathChild("initialAssignment")
        content.initialAssignments.append(SBMLContent.InitialAssignment(symbol: a["symbol"]!, math: math, position: at))
    }

    mutating func rules() throws(Fallback) {
        _ = try attributes("listOfRules", [])
        var count = 0
        try children { (this: inout SBMLStreamingReader, name) throws(Fallback) in
            let kind: SBMLContent.RuleKind
            switch name {
            case "assignmentRule": kind = .assignment
            case "rateRule": kind = .rate
            default: throw this.fallback("<\(name)> in <listOfRules>")
            }
            count += 1
            let a = try this.attributes(name, ["variable"], required: ["variable"], sIds: ["variable"])
            let at = this.position
            let math = try this.mathChild(name)
            this.content.rules.append(SBMLContent.Rule(variable: a["variable"]!, kind: kind, math: math, position: at))
        }
        guard count > 0 else { throw fallback("empty <listOfRules>") }
    }

    mutating func reaction() throws(Fallback) {
        var names = ["id", "name", "reversible"]
        if level == 2 || version == 1 { names.append("fast") }
        if level == 3 { names.append("compartment") }
        let required = level == 3 ? (version == 1 ? ["id", "reversible", "fast"] : ["id", "reversible"]) : ["id"]
        let a = try attributes("reaction", names, required: required, sIds: ["id", "compartment"])
        if let r = a["reversible"] { _ = try bool(r) }
        if let f = a["fast"], try bool(f) { throw fallback("fast reaction") }
        var reaction = SBMLContent.Reaction(id: a["id"]!, fast: false, kineticLaw: nil, reactants: [], products: [], position: position)
        let parts = ["listOfReactants", "listOfProducts", "listOfModifiers", "kineticLaw"]
        var last = -1
        try children { (this: inout SBMLStreamingReader, name) throws(Fallback) in
            guard let index = parts.firstIndex(of: name), index > last else { throw this.fallback("<\(name)> in <reaction>") }
            last = index
            switch name {
            case "listOfReactants":
                try this.list("speciesReference") { (this: inout SBMLStreamingReader) throws(Fallback) in reaction.reactants.append(try this.speciesReference()) }
            case "listOfProducts":
                try this.list("speciesReference") { (this: inout SBMLStreamingReader) throws(Fallback) in reaction.products.append(try this.speciesReference()) }
            case "listOfModifiers":
                try this.list("modifierSpeciesReference") { (this: inout SBMLStreamingReader) throws(Fallback) in
                    _ = try this.attributes("modifierSpeciesReference", ["species", "id", "name"], required: ["species"], sIds: ["species", "id"])
                    try this.noChildren("modifierSpeciesReference")
                }
            default:
                _ = try this.attributes("kineticLaw", [])
                reaction.kineticLaw = try this.mathChild("kineticLaw")
            }
        }
        content.reactions.append(reaction)
    }

    mutating func speciesReference() throws(Fallback) -> SBMLContent.SpeciesReference {
        let a = try attributes("speciesReference", ["species", "stoichiometry", "id", "name"] + (level == 3 ? ["constant"] : []),
                               required: level == 3 ? ["species", "constant"] : ["species"], sIds: ["species", "id"])
        if let c = a["constant"] { _ = try bool(c) }
        let at = position
        let stoichiometry = try a["stoichiometry"].map { v throws(Fallback) in try double(v) }
        try noChildren("speciesReference")  // Level 2 stoichiometryMath: libSBML
        return SBMLContent.SpeciesReference(species: a["species"]!, id: a["id"], stoichiometry: stoichiometry,
                                            hasStoichiometryMath: false, position: at)
    }

    // MARK: Structure

    /// The children of the element just started, through its end tag: its notes and annotation
    /// (at most one each, in that order, first) are checked and skipped; every other child must
    /// be in the SBML namespace and goes to `body` with its start tag read.
    mutating func children(_ body: (inout SBMLStreamingReader, String) throws(Fallback) -> Void) throws(Fallback) {
        var phase = 0  // 1: after notes, 2: after annotation, 3: after another child
        while true {
            switch try cursor.next() {
            case .end: return
            case .text: throw fallback("text in an SBML element")
            case .endOfDocument: throw fallback("unexpected end of document")
            case .start(let name, let namespace):
                guard namespace == core else { throw fallback("element \(name) outside the SBML namespace") }
                switch name {
                case "notes":
                    guard phase < 1 else { throw fallback("<notes> out of place") }
                    phase = 1
                    try notes()
                case "annotation":
                    guard phase < 2 else { throw fallback("<annotation> out of place") }
                    phase = 2
                    try annotation()
                default:
                    phase = 3
                    try body(&self, name)
                }
            }
        }
    }

    /// A `listOf…` element whose children are all `item`s (at least one).
    mutating func list(_ item: String, _ body: (inout SBMLStreamingReader) throws(Fallback) -> Void) throws(Fallback) {
        _ = try attributes("listOf", [])
        var count = 0
        try children { (this: inout SBMLStreamingReader, name) throws(Fallback) in
            guard name == item else { throw this.fallback("<\(name)> in a list of \(item)") }
            count += 1
            try body(&this)
        }
        guard count > 0 else { throw fallback("empty list of \(item)") }
    }

    mutating func noChildren(_ element: String) throws(Fallback) {
        try children { (this: inout SBMLStreamingReader, name) throws(Fallback) in throw this.fallback("<\(name)> in <\(element)>") }
    }

    mutating func notes() throws(Fallback) {
        guard cursor.attributes.allSatisfy({ $0.namespace == XMLCursor.xmlnsNamespace }) else { throw fallback("attributes of <notes>") }
        while true {
            switch try cursor.next() {
            case .end: return
            case .text: continue
            case .endOfDocument: throw fallback("unexpected end of document")
            case .start(_, let namespace):
                guard namespace == Self.xhtml else { throw fallback("notes outside XHTML") }
                try cursor.skipContent()
            }
        }
    }

    mutating func annotation() throws(Fallback) {
        guard cursor.attributes.allSatisfy({ $0.namespace == XMLCursor.xmlnsNamespace }) else { throw fallback("attributes of <annotation>") }
        var namespaces = Set<String>()
        while true {
            switch try cursor.next() {
            case .end: return
            case .text: continue
            case .endOfDocument: throw fallback("unexpected end of document")
            case .start(_, let namespace):
                guard !namespace.isEmpty, !namespace.hasPrefix("http://www.sbml.org/"), namespaces.insert(namespace).inserted else {
                    throw fallback("annotation element namespace")
                }
                try cursor.skipContent()
            }
        }
    }

    /// The attributes of the element just started: only `names`, plus metaid and sboTerm (and,
    /// in Level 3 Version 2, id and name on every element), unprefixed; `required` present;
    /// the syntax of ids, metaids and SBO terms checked.
    func attributes(_ element: String, _ names: [String], required: [String] = [], sIds: [String] = []) throws(Fallback) -> [String: String] {
        var out: [String: String] = [:]
        for a in cursor.attributes {
            if a.namespace == XMLCursor.xmlnsNamespace { continue }
            guard a.namespace.isEmpty else { throw fallback("prefixed attribute \(a.name) of <\(element)>") }
            switch a.name {
            case "metaid": guard Self.isMetaID(a.value) else { throw fallback("metaid syntax") }
            case "sboTerm": guard Self.isSBOTerm(a.value) else { throw fallback("sboTerm syntax") }
            case "id" where level == 3 && version == 2, "name" where level == 3 && version == 2: break
            default: guard names.contains(a.name) else { throw fallback("attribute \(a.name) of <\(element)>") }
            }
            if (sIds.contains(a.name) || a.name == "id") && !Self.isSId(a.value) { throw fallback("id syntax") }
            out[a.name] = a.value
        }
        for name in required where out[name] == nil { throw fallback("<\(element)> without \(name)") }
        return out
    }

    // MARK: Math

    /// The `<math>` child (with its notes and annotation around it) of the element just started.
    mutating func mathChild(_ element: String) throws(Fallback) -> SBMLContent.Formula {
        var formula: SBMLContent.Formula?
        while true {
            switch try cursor.next() {
            case .end:
                guard let formula else { throw fallback("<\(element)> without <math>") }
                return formula
            case .text: throw fallback("text in <\(element)>")
            case .endOfDocument: throw fallback("unexpected end of document")
            case .start(let name, let namespace):
                if namespace == core && formula == nil && (name == "notes" || name == "annotation") {
                    if name == "notes" { try notes() } else { try annotation() }
                    continue
                }
                guard name == "math", namespace == Self.mathML, formula == nil else { throw fallback("<\(name)> in <\(element)>") }
                guard cursor.attributes.allSatisfy({ $0.namespace == XMLCursor.xmlnsNamespace }) else { throw fallback("attributes of <math>") }
                guard case .start(let first, let firstNamespace) = try cursor.next() else { throw fallback("empty <math>") }
                let node = try expression(first, firstNamespace)
                guard case .end = try cursor.next() else { throw fallback("more than one formula in <math>") }
                formula = .success(node.text)
            }
        }
    }

    /// A formula as ``SBMLMath/text(_:)`` writes it: sums and products flattened.
    enum MathNode {
        case sum([String]), product([String]), leaf(String)

        var text: String {
            switch self {
            case .sum(let terms): return "(" + terms.joined(separator: " + ") + ")"
            case .product(let factors): return "(" + factors.joined(separator: " * ") + ")"
            case .leaf(let text): return text
            }
        }
    }

    /// One MathML expression whose start tag was read, through its end tag.
    mutating func expression(_ name: String, _ namespace: String) throws(Fallback) -> MathNode {
        guard namespace == Self.mathML else { throw fallback("element \(name) in math outside MathML") }
        switch name {
        case "ci":
            guard cursor.attributes.allSatisfy({ $0.namespace == XMLCursor.xmlnsNamespace }) else { throw fallback("attributes of <ci>") }
            let text = try leafText()
            guard Self.isSId(text) else { throw fallback("<ci> \(text)") }
            return .leaf(text)
        case "cn":
            var type = "real"
            for a in cursor.attributes where a.namespace != XMLCursor.xmlnsNamespace {
                if a.namespace.isEmpty && a.name == "type" { type = a.value } else if level == 3 && a.namespace == core && a.name == "units" && Self.isSId(a.value) {
                    continue
                } else {
                    throw fallback("attribute \(a.name) of <cn>")
                }
            }
            if type == "rational" {
                // numerator <sep/> denominator, as odered writes exact rationals.
                guard case .text(let n) = try cursor.next(), case .start("sep", Self.mathML) = try cursor.next(), cursor.attributes.isEmpty,
                      case .end = try cursor.next(), case .text(let d) = try cursor.next(), case .end = try cursor.next() else {
                    throw fallback("<cn type=\"rational\"> content")
                }
                guard let numerator = Int32(Self.trimmed(n)), let denominator = Int32(Self.trimmed(d)) else { throw fallback("<cn> rational \(n)/\(d)") }
                return .leaf("((\(numerator)) / (\(denominator)))")
            }
            let text = try leafText()
            switch type {
            case "integer":
                guard Self.isInteger(text), let value = Int32(text) else { throw fallback("<cn> integer \(text)") }
                return .leaf("(\(value))")
            case "real":
                let value = try double(text)
                do { return .leaf("(\(try SBMLNumbers.decimal(value)))") } catch { throw fallback("<cn> \(text)") }
            default:
                throw fallback("<cn type=\"\(type)\">")
            }
        case "apply":
            guard cursor.attributes.allSatisfy({ $0.namespace == XMLCursor.xmlnsNamespace }) else { throw fallback("attributes of <apply>") }
            guard case .start(let op, let opNamespace) = try cursor.next(), opNamespace == Self.mathML,
                  cursor.attributes.isEmpty, case .end = try cursor.next() else { throw fallback("operator of <apply>") }
            var operands: [MathNode] = []
            while true {
                switch try cursor.next() {
                case .end:
                    return try apply(op, operands)
                case .start(let name, let namespace):
                    operands.append(try expression(name, namespace))
                case .text, .endOfDocument:
                    throw fallback("text in <apply>")
                }
            }
        default:
            throw fallback("MathML <\(name)>")
        }
    }

    func apply(_ op: String, _ operands: [MathNode]) throws(Fallback) -> MathNode {
        switch (op, operands.count) {
        case ("plus", 2...), ("times", 2...):
            var flat: [String] = []
            for operand in operands {
                switch (op, operand) {
                case ("plus", .sum(let terms)), ("times", .product(let terms)): flat += terms
                default: flat.append(operand.text)
                }
            }
            return op == "plus" ? .sum(flat) : .product(flat)
        case ("minus", 1): return .leaf("(-(\(operands[0].text)))")
        case ("minus", 2): return .leaf("((\(operands[0].text)) - (\(operands[1].text)))")
        case ("divide", 2): return .leaf("((\(operands[0].text)) / (\(operands[1].text)))")
        case ("power", 2): return .leaf("((\(operands[0].text)) ^ (\(operands[1].text)))")
        default: throw fallback("MathML <\(op)/> with \(operands.count) operands")
        }
    }

    /// The text of a `ci` or `cn` whose start tag was read (blanks around it trimmed), through
    /// its end tag.
    func leafText() throws(Fallback) -> String {
        guard case .text(let raw) = try cursor.next(), case .end = try cursor.next() else { throw fallback("<ci>/<cn> content") }
        return Self.trimmed(raw)
    }

    /// `text` without the XML blanks around it.
    static func trimmed(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard let first = bytes.firstIndex(where: { !XMLCursor.isBlank($0) }), let last = bytes.lastIndex(where: { !XMLCursor.isBlank($0) }) else {
            return ""
        }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    // MARK: Lexical checks

    func bool(_ text: String) throws(Fallback) -> Bool {
        switch text {
        case "true", "1": return true
        case "false", "0": return false
        default: throw fallback("boolean \(text)")
        }
    }

    /// A decimal number (no blanks, infinities, NaN or hexadecimal: those go to libSBML).
    func double(_ text: String) throws(Fallback) -> Double {
        guard Self.isDecimal(text), let value = Double(text), value.isFinite else { throw fallback("number \(text)") }
        return value
    }

    func checkDouble(_ text: String) throws(Fallback) { _ = try double(text) }

    func checkInteger(_ text: String) throws(Fallback) {
        guard Self.isInteger(text), text.utf8.count < 10 else { throw fallback("integer \(text)") }
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }

    /// `[+-]?digits`.
    static func isInteger(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if let f = bytes.first, f == 0x2B || f == 0x2D { bytes = bytes.dropFirst() }
        return !bytes.isEmpty && bytes.allSatisfy(isDigit)
    }

    /// `[+-]?(digits[.digits*] | .digits)([eE][+-]?digits)?`.
    static func isDecimal(_ text: String) -> Bool {
        let b = Array(text.utf8)
        var i = 0
        if i < b.count, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
        let intStart = i
        while i < b.count, isDigit(b[i]) { i += 1 }
        var digits = i - intStart
        if i < b.count, b[i] == 0x2E {
            i += 1
            let fracStart = i
            while i < b.count, isDigit(b[i]) { i += 1 }
            digits += i - fracStart
        }
        guard digits > 0 else { return false }
        if i < b.count, b[i] == 0x65 || b[i] == 0x45 {
            i += 1
            if i < b.count, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
            let expStart = i
            while i < b.count, isDigit(b[i]) { i += 1 }
            guard i > expStart else { return false }
        }
        return i == b.count
    }

    /// SBML's SId: `[A-Za-z_][A-Za-z0-9_]*`.
    static func isSId(_ text: String) -> Bool {
        let b = text.utf8
        guard let first = b.first, isLetter(first) || first == 0x5F else { return false }
        return b.allSatisfy { isLetter($0) || isDigit($0) || $0 == 0x5F }
    }

    /// An XML ID in ASCII (`[A-Za-z_][A-Za-z0-9._-]*`; other letters go to libSBML).
    static func isMetaID(_ text: String) -> Bool {
        let b = text.utf8
        guard let first = b.first, isLetter(first) || first == 0x5F else { return false }
        return b.allSatisfy { isLetter($0) || isDigit($0) || $0 == 0x5F || $0 == 0x2E || $0 == 0x2D }
    }

    /// `SBO:` and seven digits.
    static func isSBOTerm(_ text: String) -> Bool {
        let b = Array(text.utf8)
        return b.count == 11 && text.hasPrefix("SBO:") && b[4...].allSatisfy(isDigit)
    }
}
