import Foundation
import Yams

/// Why a rules file (mapping, validation, matching, survivorship) cannot be used.
/// Every case names the file, the line and the key path, and says what would be accepted.
public enum RulesError: LocatedError, Equatable {
  /// Not readable, or not YAML; the locator has the parser's line and column.
  case malformed(Locator, reason: String)
  /// A key the file's schema does not have (often a typo).
  case unknownKey(Locator, key: String, known: [String])
  /// A value of the wrong kind or outside its range.
  case badValue(Locator, expected: String)
  /// A required key is missing.
  case missingKey(Locator, key: String)

  public var locator: Locator {
    switch self {
    case .malformed(let at, _), .unknownKey(let at, _, _), .badValue(let at, _), .missingKey(let at, _): at
    }
  }

  public var message: String {
    switch self {
    case .malformed(_, let reason): "not a valid rules file: \(reason)"
    case .unknownKey(_, let key, let known): "unknown key '\(key)'; use one of: \(known.joined(separator: ", "))"
    case .badValue(_, let expected): "expected \(expected)"
    case .missingKey(_, let key): "the key '\(key)' is required here"
    }
  }
}

/// One node of a YAML rules file with its position, so that every complaint about it can name
/// `file:line:column` and the key path (`comparisons.2.levels`).
public struct RulesNode {
  let node: Node
  public let file: String
  public let keyPath: String

  /// Loads and parses a YAML file.
  /// - Throws: `RulesError.malformed`.
  public static func load(_ path: String) throws -> RulesNode {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw RulesError.malformed(Locator(file: path), reason: "cannot read the file")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw RulesError.malformed(Locator(file: path), reason: "the file is not UTF-8")
    }
    return try parse(text, file: path)
  }

  /// Parses YAML text; `file` names it in errors.
  public static func parse(_ text: String, file: String) throws -> RulesNode {
    do {
      guard let root = try Yams.compose(yaml: text) else {
        return RulesNode(node: .mapping(Node.Mapping([])), file: file, keyPath: "")
      }
      return RulesNode(node: root, file: file, keyPath: "")
    } catch let error as YamlError {
      switch error {
      case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
        throw RulesError.malformed(Locator(file: file, line: mark.line, column: mark.column), reason: problem)
      case .duplicatedKeysInMapping(let duplicates, let context):
        throw RulesError.malformed(Locator(file: file, line: context.mark.line, column: context.mark.column),
                                   reason: "duplicate keys \(duplicates.joined(separator: ", "))")
      default:
        throw RulesError.malformed(Locator(file: file), reason: "\(error)")
      }
    } catch {
      throw RulesError.malformed(Locator(file: file), reason: "\(error)")
    }
  }

  public var locator: Locator {
    Locator(file: file, line: node.mark?.line, column: node.mark?.column, field: keyPath.isEmpty ? nil : keyPath)
  }

  private func child(_ node: Node, _ key: String) -> RulesNode {
    RulesNode(node: node, file: file, keyPath: keyPath.isEmpty ? key : keyPath + "." + key)
  }

  public var isNull: Bool { node.scalar.map { $0.tag == Tag(.null) || $0.string == "~" || $0.string == "null" } ?? false }

  public func string() throws -> String {
    guard let scalar = node.scalar else { throw RulesError.badValue(locator, expected: "a text value") }
    return scalar.string
  }

  public func double() throws -> Double {
    guard let scalar = node.scalar, let value = Double(scalar.string.replacingOccurrences(of: "_", with: "")) else {
      throw RulesError.badValue(locator, expected: "a number")
    }
    return value
  }

  public func int() throws -> Int {
    guard let scalar = node.scalar, let value = Int(scalar.string.replacingOccurrences(of: "_", with: "")) else {
      throw RulesError.badValue(locator, expected: "a whole number")
    }
    return value
  }

  public func bool() throws -> Bool {
    guard let scalar = node.scalar else { throw RulesError.badValue(locator, expected: "true or false") }
    switch scalar.string.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default: throw RulesError.badValue(locator, expected: "true or false")
    }
  }

  /// A value from a fixed list (`enum: String, CaseIterable`).
  public func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type) throws -> T where T.RawValue == String {
    let text = try string()
    guard let value = T(rawValue: text) else {
      throw RulesError.badValue(locator, expected: "one of: " + T.allCases.map(\.rawValue).joined(separator: ", "))
    }
    return value
  }

  public func array() throws -> [RulesNode] {
    if let scalar = node.scalar, !isNull { return [RulesNode(node: .scalar(scalar), file: file, keyPath: keyPath)] }
    if isNull { return [] }
    guard let sequence = node.sequence else { throw RulesError.badValue(locator, expected: "a list") }
    return sequence.enumerated().map { child($1, String($0)) }
  }

  public func strings() throws -> [String] { try array().map { try $0.string() } }

  /// The entries of a mapping, in file order.
  public func entries() throws -> [(key: String, value: RulesNode)] {
    if isNull { return [] }
    guard let mapping = node.mapping else { throw RulesError.badValue(locator, expected: "a mapping of keys to values") }
    return try mapping.map { key, value in
      guard let name = key.scalar?.string else {
        throw RulesError.badValue(RulesNode(node: key, file: file, keyPath: keyPath).locator, expected: "a text key")
      }
      return (name, child(value, name))
    }
  }

  public subscript(key: String) -> RulesNode? {
    guard let value = node.mapping?[key], !(value.scalar.map { $0.tag == Tag(.null) } ?? false) else { return nil }
    return child(value, key)
  }

  /// The node under `key`, or `RulesError.missingKey`.
  public func required(_ key: String) throws -> RulesNode {
    guard let value = self[key] else { throw RulesError.missingKey(locator, key: key) }
    return value
  }

  /// Refuses keys outside `known`: a misspelt key must not be silently ignored.
  public func allowKeys(_ known: [String]) throws {
    guard let mapping = node.mapping else { return }
    for (key, _) in mapping {
      guard let name = key.scalar?.string, !known.contains(name) else { continue }
      let at = Locator(file: file, line: key.mark?.line, column: key.mark?.column,
                       field: keyPath.isEmpty ? name : keyPath + "." + name)
      throw RulesError.unknownKey(at, key: name, known: known)
    }
  }
}
