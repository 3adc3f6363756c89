import CSBML
import Symbolic

extension SBMLWriter {
    /// Every category of libSBML's consistency check that can report an error in Level 3.
    /// Units and modelling practice report only warnings there and are quadratic in the number
    /// of reactions in libSBML 5.19 (fceri_fyn's 18,000 reactions: 40 s), so they are off.
    static let errorCategories: [SBMLErrorCategory_t] = [
        LIBSBML_CAT_GENERAL_CONSISTENCY, LIBSBML_CAT_IDENTIFIER_CONSISTENCY, LIBSBML_CAT_MATHML_CONSISTENCY,
        LIBSBML_CAT_SBO_CONSISTENCY, LIBSBML_CAT_OVERDETERMINED_MODEL,
    ]
    static let allCategories: [SBMLErrorCategory_t] = errorCategories + [LIBSBML_CAT_UNITS_CONSISTENCY, LIBSBML_CAT_MODELING_PRACTICE]

    /// Reactions per part when a document is checked in parts.
    package static let consistencyPartSize = 2_000

    /// Runs libSBML's consistency check with exactly `categories` on; throws its first error.
    static func checkConsistency(_ document: OpaquePointer, categories: [SBMLErrorCategory_t] = errorCategories) throws(WriteError) {
        for c in allCategories { SBMLDocument_setConsistencyChecks(document, c, categories.contains(c) ? 1 : 0) }
        guard SBMLDocument_checkConsistency(document) > 0 else { return }
        for k in 0..<SBMLDocument_getNumErrors(document) {
            guard let e = SBMLDocument_getError(document, k), XMLError_isError(e) != 0 || XMLError_isFatal(e) != 0 else { continue }
            let message = XMLError_getMessage(e).map { String(cString: $0) } ?? "?"
            throw WriteError(description: "the written SBML fails libSBML's consistency check: \(LocatedInputError.excerpt(message.trimmed, limit: 200))")
        }
    }

    /// The elements of a written document that parts are made of (libSBML pointers into it).
    struct PartElements {
        /// Every species, by variable index.
        var species: [OpaquePointer]
        /// Initial assignments of species, by variable index.
        var speciesAssignments: [Int: OpaquePointer]
        /// The rate rules or reactions, in order.
        var elements: [OpaquePointer]
        /// The species (variable indices) each element names.
        var speciesOfElement: [[Int]]
    }

    /// Checks a document with many rate rules or reactions in parts: libSBML 5.19's general
    /// check is quadratic in them (its cycle rules look every name of every rule or kinetic
    /// law up in the list of rules or reactions: 10^4 rate rules of 30 terms, 140 s; fceri_fyn's
    /// 21,863 reactions, 7.3 s), and its MathML check looks every name up in the species.
    ///
    /// Each part is `template` (the document's compartment, parameters and their initial
    /// assignments) plus consecutive rules or reactions, at most `partSize` (2,000) of them and
    /// as many as name about `partSize / 4` species, with the species they name (and their
    /// initial assignments); species no element names join the last part. Every part is checked in every error category; then the whole document is
    /// checked in the two categories whose rules relate elements to each other (identifiers
    /// unique across the document, the model not overdetermined). The written elements never
    /// name each other (no rule or kinetic law uses a reaction id, no rule's variable is set
    /// twice: one rule per species), so every rule libSBML applies to one element, or to one
    /// element with the species and parameters it names, is checked as on the whole document.
    /// - Complexity: O(N·p) name comparisons for N names in all elements, p = `partSize`,
    ///   instead of O(N·(E + S)) for E elements and S species.
    static func checkConsistencyInParts(_ document: OpaquePointer, template: OpaquePointer, _ parts: PartElements,
                                        isReactions: Bool, partSize: Int) throws(WriteError) {
        let size = max(1, partSize)
        var named = [Bool](repeating: false, count: parts.species.count)
        for used in parts.speciesOfElement { for i in used { named[i] = true } }
        let unnamed = parts.species.indices.filter { !named[$0] }
        var start = 0
        while start < parts.elements.count {
            // Consecutive elements until the part has `size` of them or names `size / 4` species.
            var end = start
            var species = Set<Int>()
            while end < parts.elements.count && end - start < size && (end == start || species.count < size / 4) {
                species.formUnion(parts.speciesOfElement[end])
                end += 1
            }
            if end == parts.elements.count { species.formUnion(unnamed) }
            guard let part = SBMLDocument_clone(template), let m = SBMLDocument_getModel(part) else {
                throw WriteError(description: "libSBML could not copy the document")
            }
            defer { SBMLDocument_free(part) }
            // Copies check their id against the part (linear in the part, not the document).
            var copied = true
            for i in species.sorted() {
                copied = copied && Model_addSpecies(m, parts.species[i]) == success
                if let a = parts.speciesAssignments[i] { copied = copied && Model_addInitialAssignment(m, a) == success }
            }
            for e in parts.elements[start..<end] {
                copied = copied && (isReactions ? Model_addReaction(m, e) : Model_addRule(m, e)) == success
            }
            guard copied else { throw WriteError(description: "libSBML could not copy part of the document for its consistency check") }
            try checkConsistency(part)
            start = end
        }
        try checkConsistency(document, categories: [LIBSBML_CAT_IDENTIFIER_CONSISTENCY, LIBSBML_CAT_OVERDETERMINED_MODEL])
    }

    static let success = Int32(LIBSBML_OPERATION_SUCCESS.rawValue)
}

extension SBMLWriter {
    /// libSBML's read errors and whole-document consistency check (every error category at
    /// once, no parts) of an SBML text: a test hook that checks what the parts check claims.
    package static func wholeDocumentErrors(of text: String) -> String? {
        guard let document = readSBMLFromString(text) else { return "libSBML could not read the text" }
        defer { SBMLDocument_free(document) }
        if SBMLDocument_getNumErrorsWithSeverity(document, LIBSBML_SEV_ERROR.rawValue) + SBMLDocument_getNumErrorsWithSeverity(document, LIBSBML_SEV_FATAL.rawValue) > 0 {
            return "libSBML reports read errors"
        }
        do { try checkConsistency(document) } catch { return error.description }
        return nil
    }
}
