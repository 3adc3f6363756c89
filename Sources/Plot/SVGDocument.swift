/// A minimal SVG writer: elements are appended as text, attribute values and text
/// content XML-escaped, numbers printed with at most two decimals.
struct SVGDocument {
    private var body = ""

    /// Appends `<name attributes…/>`, or `<name attributes…>content</name>` where
    /// `content` is markup (escape text with ``escape(_:)``).
    mutating func add(_ name: String, _ attributes: [(String, String)], content: String? = nil) {
        body += "<" + name
        for (key, value) in attributes { body += " \(key)=\"\(Self.escape(value))\"" }
        if let content { body += ">\(content)</\(name)>\n" } else { body += "/>\n" }
    }

    /// Appends raw markup (an opening or closing group tag).
    mutating func raw(_ markup: String) {
        body += markup + "\n"
    }

    /// The complete document of the given size, on a white background.
    func text(width: Double, height: Double) -> String {
        let (w, h) = (Self.number(width), Self.number(height))
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(w)" height="\(h)" viewBox="0 0 \(w) \(h)" \
            font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12" fill="#222">
            <rect width="\(w)" height="\(h)" fill="#fff"/>

            """ + body + "</svg>\n"
    }

    /// `value` rounded to two decimals, without trailing zeros (`12`, `3.5`, `0.25`).
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100 + 0  // + 0 turns −0 into 0
        return abs(rounded) < 1e15 && rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` as entities and characters XML 1.0 forbids
    /// (most control characters) dropped.
    ///
    /// - Complexity: O(length of `text`).
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value): continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
