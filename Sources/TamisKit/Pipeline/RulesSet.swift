import Foundation

/// The rules a run uses: validation rules and mapping files, from a rules folder
/// (`validation.yml`, `mappings/`), a single validation file, or the built-in defaults.
public struct RulesSet {
  public var directory: String?
  public var validation: ValidationRules
  public var mappings: [Mapping]
  public var match = MatchRules()
  public var survivorship = SurvivorshipRules()
  public var consent = ConsentRules.defaults
  public var retention = RetentionRules.defaults
  /// SHA-256 over the rules files' names and contents, to log when they change between runs;
  /// for the built-in rules, of the text `built-in` (so that a switch to or from them shows too).
  public var digest = ""

  /// The defaults compiled into Tamis.
  public static func builtIn() -> RulesSet {
    var set = RulesSet(directory: nil, validation: ValidationRules(), mappings: [])
    set.digest = FileDigest.sha256(Array("built-in".utf8))
    return set
  }

  /// - Parameter path: a folder or a validation file; nil looks for `./rules`, then uses the defaults.
  /// - Throws: `RulesError`, `ValidateError`, `MapError`.
  public static func load(_ path: String?) throws -> RulesSet {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    let chosen = path ?? (manager.fileExists(atPath: "rules/validation.yml") ? "rules" : nil)
    guard let chosen else { return builtIn() }
    guard manager.fileExists(atPath: chosen, isDirectory: &isDirectory) else {
      throw RulesError.malformed(Locator(file: chosen), reason: "no such file or folder")
    }
    if !isDirectory.boolValue {
      var set = RulesSet(directory: nil, validation: try ValidationRules.load(chosen), mappings: [])
      let name = (chosen as NSString).lastPathComponent
      set.digest = FileDigest.sha256(Array(name.utf8) + [0] + [UInt8](manager.contents(atPath: chosen) ?? Data()))
      return set
    }
    func rulesFile(_ name: String) -> String? {
      let full = (chosen as NSString).appendingPathComponent(name)
      return manager.fileExists(atPath: full) ? full : nil
    }
    var set = RulesSet(directory: chosen, validation: try rulesFile("validation.yml").map(ValidationRules.load) ?? ValidationRules(),
                       mappings: try Mapping.loadAll(in: chosen))
    set.match = try rulesFile("matching.yml").map(MatchRules.load) ?? MatchRules()
    set.survivorship = try rulesFile("survivorship.yml").map(SurvivorshipRules.load) ?? SurvivorshipRules()
    set.consent = try rulesFile("consent.yml").map(ConsentRules.load) ?? ConsentRules.defaults
    set.retention = try rulesFile("retention.yml").map(RetentionRules.load) ?? RetentionRules.defaults
    var contents: [UInt8] = []
    for name in ["validation.yml", "matching.yml", "survivorship.yml"] + set.mappings.compactMap(\.file).map({ "mappings/" + ($0 as NSString).lastPathComponent }) {
      if let full = rulesFile(name), let data = FileManager.default.contents(atPath: full) { contents += Array(name.utf8) + [0] + [UInt8](data) }
    }
    set.digest = FileDigest.sha256(contents)
    return set
  }
}
