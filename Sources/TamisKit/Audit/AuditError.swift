/// Why the audit log cannot be read or used.
public enum AuditError: LocatedError, Equatable {
  /// `--head` is not `SEQ:HASH`.
  case malformedHead(String)
  /// An exported log cannot be read as text.
  case cannotRead(Locator)
  /// A line of an exported log is not an audit event.
  case unreadableEvent(Locator)
  /// A store's log was already broken when its upgrade was due: it is not re-sealed.
  case brokenBeforeUpgrade(Locator, failure: String)

  public var locator: Locator {
    switch self {
    case .malformedHead: Locator(file: "--head")
    case .cannotRead(let at), .unreadableEvent(let at), .brokenBeforeUpgrade(let at, _): at
    }
  }

  public var message: String {
    switch self {
    case .malformedHead(let text):
      "'\(text.prefix(80))' is not a head; give it as SEQ:HASH, as printed by `tamis audit head` or a run's summary"
    case .cannotRead: "cannot read the file as UTF-8 text; check the path and its permissions"
    case .unreadableEvent: "not an audit event; the file must be an audit.jsonl written by tamis"
    case .brokenBeforeUpgrade(_, let failure):
      "the audit log is broken (\(failure)); the store is not upgraded, so that a broken log is never re-sealed as a valid one. Restore the store from a backup"
    }
  }
}
