import CSBML
import Symbolic

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads SBML Level 2 and 3 core models into the same ``ODEModel`` the other readers produce.
///
/// Two extraction paths fill one ``SBMLContent``, which ``SBMLModelReader`` turns into the
/// model: ``SBMLStreamingReader`` (libxml2's pull parser) for the subset large generated models
/// use, and libSBML's C API (the reference) for every other file and whenever the model reader
/// refuses the content, so error messages and positions are always libSBML's path's.
///
/// Semantics (SBML Level 3 core):
/// - libSBML's converters expand function definitions and promote local parameters (named
///   `reaction_parameter`) first; initial assignments are read as exact expressions (they
///   may use other parameters and irrational functions) that replace the attribute values.
/// - Species are variables, named by their SBML `id`, with their `name` as original name.
///   A species with `hasOnlySubstanceUnits="false"` is a concentration:
///   d[S]/dt = Σ stoichiometry × kinetic law / size(compartment of S), and an `initialAmount`
///   is divided by that size; one with `hasOnlySubstanceUnits="true"` is an amount
///   (an `initialConcentration` is multiplied by the size). A `conversionFactor` (species or
///   model) multiplies the species' rate. A `constant` or `boundaryCondition` species without a
///   rate rule is a constant: a parameter with its initial value, not a variable.
/// - Parameters and compartment sizes are exact parameters; a double becomes the exact
///   rational of its shortest decimal (``SBMLNumbers/decimal(_:)``), stoichiometries too.
///   Irrational constants (`exp`, `ln` of parameters) are ``ConstantAtom``s.
/// - Assignment rules are substituted wherever their variable is used; rate rules are ODEs
///   (a parameter with a rate rule becomes a state variable).
/// - Events do not change the continuous dynamics: each is listed in
///   ``ODEModel/ignoredCommands`` as `event 'id'` with its position, for the caller to report.
/// - Refused with one line naming the element, its XML line:column and the construct:
///   the `time` and `delay` symbols, algebraic rules, fast reactions, stoichiometry math,
///   compartments whose size changes (or is unset where a concentration needs it), kinetic laws that are not polynomial in the
///   species (division by a species expression, `piecewise` on the state), libSBML's own
///   read errors.
public enum SBMLReader {
    /// Largest file accepted (bytes), as for the other readers.
    public static let maximumFileSize = ModelFile.maximumFileSize

    public static func read(path: String) throws(LocatedInputError) -> ODEModel {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw LocatedInputError(file: path, location: nil, message: "cannot open file (\(String(cString: strerror(errno))))")
        }
        guard Int(info.st_size) <= maximumFileSize else {
            throw LocatedInputError(file: path, location: nil, message: "file larger than \(maximumFileSize) bytes")
        }
        // The fast path reads the subset it knows straight from the XML; anything else, and
        // any error, goes to libSBML, whose answer (or error message) is the reference.
        if case .content(let content) = SBMLStreamingReader.read(path: path) {
            var reader = SBMLModelReader(content: content, path: path)
            if let model = try? reader.read() { return model }
        }
        return try readWithLibSBML(path: path)
    }

    /// The reference path: libSBML's reader and converters, then the same model reader.
    package static func readWithLibSBML(path: String) throws(LocatedInputError) -> ODEModel {
        var reader = SBMLModelReader(content: try libSBMLContent(path: path), path: path)
        return try reader.read()
    }

    /// What libSBML's reader and converters make of the file.
    static func libSBMLContent(path: String) throws(LocatedInputError) -> SBMLContent {
        guard let document = readSBMLFromFile(path) else {
            throw LocatedInputError(file: path, location: nil, message: "libSBML could not read the file")
        }
        defer { SBMLDocument_free(document) }
        try checkErrors(document, path)
        try convert(document, path)
        guard let model = SBMLDocument_getModel(document) else {
            throw LocatedInputError(file: path, location: nil, message: "expected an SBML <model> / found none")
        }
        return SBMLContent(libSBMLModel: model)
    }

    /// libSBML's read errors (severity error or fatal), the first one with its line:column.
    static func checkErrors(_ document: OpaquePointer, _ path: String) throws(LocatedInputError) {
        let count = SBMLDocument_getNumErrors(document)
        for i in 0..<count {
            guard let error = SBMLDocument_getError(document, i) else { continue }
            if XMLError_isError(error) != 0 || XMLError_isFatal(error) != 0 {
                let message = XMLError_getMessage(error).map { String(cString: $0) } ?? "unknown libSBML error"
                let line = Int(XMLError_getLine(error)), column = Int(XMLError_getColumn(error))
                throw LocatedInputError(file: path, location: line > 0 ? SourceLocation(line: line, column: max(column, 1)) : nil,
                                        message: "libSBML: " + LocatedInputError.singleLine(message.trimmed))
            }
        }
    }

    /// Expands function definitions and promotes local parameters.
    static func convert(_ document: OpaquePointer, _ path: String) throws(LocatedInputError) {
        // Initial assignments are not expanded here (libSBML would evaluate them to doubles):
        // the model reader takes them as exact expressions.
        for option in ["expandFunctionDefinitions", "promoteLocalParameters"] {
            guard let properties = ConversionProperties_create() else { continue }
            defer { ConversionProperties_free(properties) }
            ConversionProperties_addOptionWithKey(properties, option)
            ConversionProperties_setBoolValue(properties, option, 1)
            let status = SBMLDocument_convert(document, properties)
            if status != Int32(LIBSBML_OPERATION_SUCCESS.rawValue) {
                try checkErrors(document, path)
                throw LocatedInputError(file: path, location: nil, message: "libSBML could not apply '\(option)' (status \(status))")
            }
        }
    }
}
