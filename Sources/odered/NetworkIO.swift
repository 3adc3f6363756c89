import Networks
import Symbolic

/// Loads a network JSON file, turning read errors into one-line input errors.
func loadNetwork(_ path: String) throws -> Network {
    do { return try Network.load(path: path) } catch { throw ReportedError(message: "\(error)") }
}

func writeNetwork(_ net: Network, to path: String) throws {
    if path == "-" { print(net.jsonText(), terminator: "") } else { try FileHandleOutput.write(net.jsonText(), to: path) }
}

/// Reads calibration inputs for `net` from a CSV (`--calibration`, `--inputs`): one-line errors.
func loadCalibration(_ path: String, for net: Network, inputs: String?) throws -> CalibrationSet {
    do {
        let table = try CSVTable.load(path: path)
        return try CalibrationSet.load(table: table, for: net,
                                           inputs: inputs?.split(separator: ",").map { String($0).trimmingSpaces })
    } catch { throw ReportedError(message: "\(error)") }
}
