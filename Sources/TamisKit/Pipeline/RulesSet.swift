import Foundation

/// The rules a run uses: validation rules and mapping files, from a rules folder
/// (`validation.yml`, `mappings/`), a single validation file, or the built-in defaults.
public struct RulesSet {
  public var directory: String?
  public var validation: ValidationRules
  public var mappings: [Mapping]

  /// - Parameter path: a folder or a validation file; nil looks for `./rules`, then uses the defaults.
  /// - Throws: `RulesError`, `ValidateError`, `MapError`.
  public static func load(_ path: String?) throws -> RulesSet {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    let chosen = path ?? (manager.fileExists(atPath: "rules/validation.yml") ? "rules" : nil)
    guard let chosen else { return RulesSet(directory: nil, validation: ValidationRules(), mappings: []) }
    guard manager.fileExists(atPath: chosen, isDirectory: &isDirectory) else {
      throw RulesError.malformed(Locator(file: chosen), reason: "no such file or folder")
    }
    if !isDirectory.boolValue {
      return RulesSet(directory: nil, validation: try ValidationRules.load(chosen), mappings: [])
    }
    let validationPath = (chosen as NSString).appendingPathComponent("validation.yml")
    let validation = manager.fileExists(atPath: validationPath) ? try ValidationRules.load(validationPath) : ValidationRules()
    return RulesSet(directory: chosen, validation: validation, mappings: try Mapping.loadAll(in: chosen))
  }
}
