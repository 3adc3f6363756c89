import Networks
import Symbolic

/// Loads a network JSON file, turning read errors into one-line input errors.
func loadNetwork(_ path: String) throws -> Network {
    do { return try Network.load(path: path) } catch { throw ReportedError(message: "\(error)") }
}

func writeNetwork(_ net: Network, to path: String) throws {
    if path == "-" { print(net.jsonText(), terminator: "") } else { try FileHandleOutput.write(net.jsonText(), to: path) }
}
