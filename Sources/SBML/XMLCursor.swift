import CXML2

/// A thin pull interface over libxml2's `xmlTextReader`, for ``SBMLStreamingReader``: start and
/// end tags (an empty element gives both), non-blank text, and attributes. Comments and blank
/// text are skipped; anything the streaming reader does not expect (a DOCTYPE, entity
/// references, CDATA, processing instructions, an XML error) stops it with a ``Fallback``, and
/// libSBML reads the file instead.
final class XMLCursor {
    /// Why the streaming reader handed the file to libSBML.
    struct Fallback: Error, Equatable {
        var reason: String
    }

    enum Event: Equatable {
        case start(name: String, namespace: String)
        case end
        case text(String)
        case endOfDocument
    }

    struct Attribute {
        var name: String
        var namespace: String
        var value: String
    }

    static let xmlnsNamespace = "http://www.w3.org/2000/xmlns/"

    private let reader: xmlTextReaderPtr
    /// An empty element's start was returned; its end comes next.
    private var pendingEnd = false
    /// The attributes of the element just started (namespace declarations included).
    private(set) var attributes: [Attribute] = []

    init?(path: String) {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        guard let reader = xmlReaderForFile(path, nil, options) else { return nil }
        self.reader = reader
    }

    deinit { xmlFreeTextReader(reader) }

    /// The encoding the XML declaration names (nil without one), once the first node is read.
    var declaredEncoding: String? { xmlTextReaderConstEncoding(reader).map { String(cString: $0) } }

    /// The XML version the declaration names, once the first node is read.
    var declaredVersion: String? { xmlTextReaderConstXmlVersion(reader).map { String(cString: $0) } }

    private func string(_ p: UnsafePointer<xmlChar>?) -> String {
        guard let p else { return "" }
        return String(cString: p)
    }

    /// The next event.
    func next() throws(Fallback) -> Event {
        if pendingEnd {
            pendingEnd = false
            return .end
        }
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { return .endOfDocument }
            guard status == 1 else { throw Fallback(reason: "XML error") }
            switch xmlTextReaderNodeType(reader) {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                let name = string(xmlTextReaderConstLocalName(reader))
                let namespace = string(xmlTextReaderConstNamespaceUri(reader))
                pendingEnd = xmlTextReaderIsEmptyElement(reader) == 1
                attributes.removeAll(keepingCapacity: true)
                if xmlTextReaderHasAttributes(reader) == 1 {
                    while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                        attributes.append(Attribute(name: string(xmlTextReaderConstLocalName(reader)),
                                                    namespace: string(xmlTextReaderConstNamespaceUri(reader)),
                                                    value: string(xmlTextReaderConstValue(reader))))
                    }
                    _ = xmlTextReaderMoveToElement(reader)
                }
                return .start(name: name, namespace: namespace)
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                return .end
            case Int32(XML_READER_TYPE_TEXT.rawValue):
                let text = string(xmlTextReaderConstValue(reader))
                if text.utf8.allSatisfy(XMLCursor.isBlank) { continue }
                return .text(text)
            case Int32(XML_READER_TYPE_WHITESPACE.rawValue), Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue),
                 Int32(XML_READER_TYPE_COMMENT.rawValue):
                continue
            default:
                throw Fallback(reason: "XML node type \(xmlTextReaderNodeType(reader))")
            }
        }
    }

    /// Skips the content of the element just started, through its end tag.
    func skipContent() throws(Fallback) {
        var depth = 1
        while depth > 0 {
            switch try next() {
            case .start: depth += 1
            case .end: depth -= 1
            case .text: continue
            case .endOfDocument: throw Fallback(reason: "unexpected end of document")
            }
        }
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
}
