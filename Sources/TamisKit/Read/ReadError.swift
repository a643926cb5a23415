/// Why a file cannot be read on. Problems inside a record are ``Issue``s instead, and the
/// rest of the file goes on; these errors stop the file (records read before them are kept).
public enum ReadError: LocatedError, Equatable {
  /// The file does not exist or cannot be opened.
  case cannotOpen(Locator, reason: String)
  /// The format was not given and could not be told from the name or the content.
  case unknownFormat(Locator)
  /// The XML is not well-formed (truncated, mismatched tags, bad bytes); libxml2's words.
  case malformedXML(Locator, reason: String)
  /// The XML declares entities in its DOCTYPE: refused, since expanding them is how
  /// billion-laughs and XXE attacks work.
  case xmlEntityDeclared(Locator, name: String)
  /// The XML refers to an entity Tamis will not resolve (external or undeclared).
  case xmlEntityReference(Locator, name: String)
  /// The JSON is not well-formed where a record was expected.
  case malformedJSON(Locator, reason: String)
  /// No records could be found in the JSON (no array of objects, or not under the given key).
  case noRecordsFound(Locator, reason: String)
  /// An encoding named with `--encoding` that Tamis does not read.
  case unsupportedEncoding(Locator, name: String)

  public var locator: Locator {
    switch self {
    case .cannotOpen(let at, _), .unknownFormat(let at), .malformedXML(let at, _),
         .xmlEntityDeclared(let at, _), .xmlEntityReference(let at, _), .malformedJSON(let at, _),
         .noRecordsFound(let at, _), .unsupportedEncoding(let at, _):
      at
    }
  }

  /// The stable issue code reported when this error ends a file.
  public var code: String {
    switch self {
    case .cannotOpen: "FILE_UNREADABLE"
    case .unknownFormat: "FILE_FORMAT_UNKNOWN"
    case .malformedXML: "XML_MALFORMED"
    case .xmlEntityDeclared: "XML_ENTITY_DECLARED"
    case .xmlEntityReference: "XML_ENTITY_REFERENCE"
    case .malformedJSON: "JSON_MALFORMED"
    case .noRecordsFound: "JSON_NO_RECORDS"
    case .unsupportedEncoding: "ENCODING_UNSUPPORTED"
    }
  }

  public var message: String {
    switch self {
    case .cannotOpen(_, let reason):
      "cannot open the file: \(reason); check the path and its permissions"
    case .unknownFormat:
      "cannot tell whether this is CSV, JSON or XML; name it .csv, .json, .jsonl or .xml or pass --format"
    case .malformedXML(_, let reason):
      "the XML is not well-formed: \(reason); records before this point were read, fix the file and run again for the rest"
    case .xmlEntityDeclared(_, let name):
      "the DOCTYPE declares the entity '\(name)'; Tamis refuses entity declarations (billion-laughs and XXE attacks), remove the DOCTYPE's entity declarations and their references"
    case .xmlEntityReference(_, let name):
      "the entity '&\(name);' is not one of XML's five predefined entities; Tamis does not resolve other entities, replace it with the character it stands for"
    case .malformedJSON(_, let reason):
      "the JSON is not well-formed: \(reason); records before this point were read"
    case .noRecordsFound(_, let reason):
      "no records found: \(reason); give the key holding the records with `records:` in a mapping file"
    case .unsupportedEncoding(_, let name):
      "unknown encoding '\(name)'; use utf-8, utf-16le, utf-16be or windows-1252"
    }
  }
}
