/// French and English names that exports give to each canonical field, plus the usual headers of
/// German, Spanish, Italian, Dutch and Portuguese exports (suppliers, Belgian and Swiss subsidiaries),
/// compared after folding case, accents and punctuation ("Tél. portable" → "tel portable").
///
/// An exact synonym gives confidence 1; a known word inside a longer header gives less.
public enum HeaderSynonyms {
  static let exact: [String: ContactField] = {
    var table: [String: ContactField] = [:]
    func add(_ field: ContactField, _ names: [String]) {
      for name in names { table[HeaderSynonyms.fold(name)] = field }
    }
    add(.sourceId, ["id", "identifiant", "source id", "source_id", "id client", "client id", "customer id", "customer_id",
                    "numero client", "n client", "no client", "num client", "code client", "ref client", "reference client",
                    "contact id", "contact_id", "uid", "record id", "external id", "@id", "id contact", "matricule", "customer number",
                    "customer no", "code tiers", "tiers", "account id", "person id", "individual id"])
    add(.civility, ["civilite", "civ", "titre", "title", "salutation", "gender title", "honorific", "appellation", "name title",
                    "name civility", "name salutation", "civility"])
    add(.firstName, ["prenom", "prenoms", "first name", "firstname", "first_name", "given name", "givenname", "forename",
                     "name first", "name given", "first", "prenom usuel", "given", "fname"])
    add(.lastName, ["nom", "nom de famille", "last name", "lastname", "last_name", "surname", "family name", "familyname",
                    "name last", "name family", "last", "nom patronymique", "nom d usage", "nom usage", "family", "lname",
                    "nom naissance", "nom de naissance"])
    add(.fullName, ["nom complet", "full name", "fullname", "name", "contact name", "display name", "nom prenom", "prenom nom",
                    "identite", "contact", "customer name", "client", "nom et prenom", "person name"])
    add(.email, ["email", "e mail", "mail", "courriel", "adresse mail", "adresse email", "adresse e mail", "adresse electronique",
                 "email address", "e mail address", "mail address", "emails", "emails email", "email adresse", "courriels",
                 "emails value", "contact email", "primary email", "email principal", "mel", "adresse mel"])
    add(.phone, ["telephone", "tel", "phone", "phone number", "numero de telephone", "num tel", "no tel", "n tel", "tel fixe ou mobile",
                 "phones", "phones phone", "phones value", "telephones", "contact phone", "primary phone", "phone1", "telephone 1"])
    add(.mobile, ["mobile", "portable", "tel portable", "telephone portable", "gsm", "cellulaire", "cell", "cell phone",
                  "mobile phone", "tel mobile", "telephone mobile", "num portable", "mobile number", "cellphone", "phones mobile",
                  "sms", "numero portable", "numero mobile", "tel port", "port"])
    add(.landline, ["fixe", "tel fixe", "telephone fixe", "landline", "home phone", "work phone", "telephone domicile",
                    "tel domicile", "tel bureau", "telephone bureau", "office phone", "phones home", "phones work", "ligne fixe",
                    "standard", "business phone"])
    add(.street, ["adresse", "adresse 1", "adresse1", "adresse 2", "adresse2", "adresse 3", "address", "address 1", "address1",
                  "address 2", "address2", "address line 1", "address line 2", "address line1", "address line2", "street",
                  "street address", "rue", "voie", "ligne adresse 1", "ligne adresse 2", "complement adresse",
                  "complement d adresse", "address street", "address line", "adresse rue", "adresse ligne1", "adresse ligne 1",
                  "adresse ligne2", "adresse ligne 2", "address lines", "addr1", "addr2", "numero et voie", "adresse voie",
                  "address street1", "address street2", "address street 1", "address street 2", "lieu dit"])
    add(.postalCode, ["cp", "code postal", "codepostal", "postal code", "postcode", "post code", "zip", "zip code", "zipcode",
                      "code_postal", "address postal code", "address postcode", "address zip", "address zip code", "adresse cp",
                      "adresse code postal", "cedex", "code postal cedex"])
    add(.city, ["ville", "commune", "city", "town", "localite", "address city", "address town", "adresse ville", "locality", "suburb",
                "bureau distributeur", "municipality"])
    add(.country, ["pays", "country", "country code", "code pays", "address country", "address country code", "nation",
                   "adresse pays", "country name", "iso country", "countrycode"])
    add(.birthDate, ["date de naissance", "date naissance", "naissance", "ne le", "nee le", "ne e le", "birth date", "birthdate",
                     "date of birth", "dob", "birthday", "anniversaire", "date_naissance", "birth", "born", "born on"])
    add(.company, ["societe", "entreprise", "raison sociale", "company", "company name", "organisation", "organization",
                   "employeur", "employer", "organisme", "structure", "business name", "account name", "compte"])
    add(.jobTitle, ["fonction", "poste", "job title", "jobtitle", "job", "position", "role", "titre du poste", "metier", "profession"])
    add(.createdAt, ["date creation", "date de creation", "cree le", "created", "created at", "created_at", "creation date",
                     "date created", "creation", "date inscription", "date d inscription", "inscrit le", "signup date",
                     "registered at", "registration date", "date entree", "date d entree", "first seen", "createdon", "created on"])
    add(.updatedAt, ["date modification", "date de modification", "modifie le", "modified", "modified at", "updated", "updated at",
                     "updated_at", "last modified", "last update", "derniere modification", "date maj", "date mise a jour",
                     "mis a jour le", "modifiedon", "modified on", "last updated"])
    add(.lastContactAt, ["dernier contact", "date dernier contact", "date du dernier contact", "last contact", "last contact date",
                         "last contacted", "last activity", "derniere activite", "date derniere activite", "last interaction",
                         "derniere interaction", "last seen", "derniere visite", "last login", "derniere connexion"])
    add(.lastPurchaseAt, ["derniere commande", "date derniere commande", "date de derniere commande", "last order", "last order date",
                          "last purchase", "last purchase date", "dernier achat", "date dernier achat", "date du dernier achat"])
    add(.contractEndAt, ["fin de contrat", "date fin de contrat", "date de fin de contrat", "date fin contrat", "fin contrat",
                         "date de resiliation", "date resiliation", "resiliation", "resilie le", "contract end", "contract end date",
                         "contract end at", "end of contract", "contract expiry", "contract expiration", "date echeance contrat"])
    add(.customerStatus, ["statut", "statut client", "status", "customer status", "type client", "type de client", "customer type",
                          "categorie client", "segment", "client prospect", "lifecycle stage", "type contact", "type de contact"])
    add(.optInEmail, ["optin email", "opt in email", "optin mail", "opt in mail", "consentement email", "consentement mail",
                      "accepte email", "accepte les emails", "newsletter", "abonne newsletter", "inscrit newsletter", "email optin",
                      "email opt in", "consent email", "email consent", "marketing email", "accept email", "accepts marketing",
                      "optin newsletter", "opt in newsletter", "consent email marketing", "consents email", "consents email value",
                      "consentements email", "optin courriel", "email marketing consent"])
    add(.optInSMS, ["optin sms", "opt in sms", "consentement sms", "accepte sms", "accepte les sms", "sms optin", "sms opt in",
                    "consent sms", "sms consent", "marketing sms", "consents sms", "consents sms value", "consentements sms",
                    "sms marketing consent", "accepts sms"])
    add(.optInPhone, ["optin telephone", "opt in telephone", "optin tel", "optin phone", "opt in phone", "consentement telephone",
                      "accepte appels", "phone optin", "consent phone", "phone consent", "consents phone", "consents phone value",
                      "consentements telephone", "telemarketing", "accepte telephone"])
    add(.optInPost, ["optin courrier", "opt in courrier", "optin post", "opt in post", "optin postal", "consentement courrier",
                     "accepte courrier", "post optin", "postal optin", "consent post", "consent postal", "mail consent postal",
                     "consents post", "consents post value", "consents postal", "consentements courrier", "direct mail"])
    add(.optInEmailDate, ["date optin email", "date opt in email", "optin email date", "opt in email date", "date consentement email",
                          "email consent date", "email optin date", "newsletter date", "date newsletter", "date inscription newsletter",
                          "consents email date", "consents email at", "consentements email date"])
    add(.optInSMSDate, ["date optin sms", "date opt in sms", "optin sms date", "opt in sms date", "date consentement sms",
                        "sms consent date", "sms optin date", "consents sms date", "consents sms at", "consentements sms date"])
    add(.optInPhoneDate, ["date optin telephone", "date optin tel", "optin telephone date", "optin phone date", "phone consent date",
                          "date consentement telephone", "consents phone date", "consents phone at"])
    add(.optInPostDate, ["date optin courrier", "optin courrier date", "optin post date", "post consent date", "postal consent date",
                         "date consentement courrier", "consents post date", "consents post at"])
    // Other European exports: German, Spanish, Italian, Dutch, Portuguese. Ambiguous words stay out
    // ("Name" is a surname in German but a full name in English; "Hausnummer" is half a street line).
    add(.sourceId, ["kundennummer", "kunden nr", "kundennr", "kunden id", "numero de cliente", "codigo cliente", "codice cliente",
                    "klantnummer", "klant nr", "klantnr", "numero cliente", "id cliente"])
    add(.civility, ["anrede", "tratamiento", "titulo tratamiento", "aanhef", "appellativo", "tratamento"])
    add(.firstName, ["vorname", "nombre", "nome", "voornaam", "primeiro nome"])
    add(.lastName, ["nachname", "familienname", "apellido", "apellidos", "primer apellido", "cognome", "achternaam",
                    "apelido", "apelidos", "sobrenome", "ultimo nome"])
    add(.fullName, ["vollstandiger name", "nombre completo", "nome completo", "volledige naam"])
    add(.email, ["e mail adresse", "emailadresse", "correo", "correo electronico", "posta elettronica", "indirizzo email",
                 "e mailadres", "emailadres", "endereco de email", "endereco de e mail"])
    add(.phone, ["telefon", "telefonnummer", "telefono", "numero de telefono", "numero di telefono", "telefoon",
                 "telefoonnummer", "telefone", "numero de telefone"])
    add(.mobile, ["handy", "handynummer", "mobil", "mobilnummer", "mobiltelefon", "movil", "telefono movil", "celular",
                  "cellulare", "telefono cellulare", "mobiel", "mobiel nummer", "mobiele nummer", "telemovel"])
    add(.landline, ["festnetz", "telefon privat", "telefon geschaftlich", "telefono fijo", "fijo", "telefono fisso", "fisso",
                    "vaste telefoon", "vast nummer", "telefone fixo"])
    add(.street, ["strasse", "strasse und hausnummer", "anschrift", "adresse zeile 1", "adresse zeile 2", "direccion", "domicilio",
                  "calle", "indirizzo", "straat", "adres", "straat en huisnummer", "morada", "endereco", "rua"])
    add(.postalCode, ["plz", "postleitzahl", "codigo postal", "cap", "codice postale", "cep"])
    add(.city, ["ort", "stadt", "wohnort", "ciudad", "localidad", "poblacion", "municipio", "citta", "comune", "localita",
                "woonplaats", "plaats", "stad", "cidade", "localidade", "concelho"])
    add(.country, ["land", "pais", "paese", "nazione"])
    add(.birthDate, ["geburtsdatum", "geburtstag", "fecha de nacimiento", "fecha nacimiento", "data di nascita", "data nascita",
                     "geboortedatum", "data de nascimento", "data nascimento"])
    add(.company, ["firma", "unternehmen", "firmenname", "empresa", "compania", "azienda", "ragione sociale", "societa",
                   "bedrijf", "bedrijfsnaam", "organisatie"])
    add(.jobTitle, ["beruf", "stellung", "cargo", "puesto", "qualifica", "ruolo", "mansione", "functie", "beroep", "funcao",
                    "profissao"])
    add(.customerStatus, ["kundenstatus", "kundentyp", "estado cliente", "tipo de cliente", "tipo cliente", "stato cliente",
                          "klantstatus", "klanttype"])
    add(.createdAt, ["erstellt am", "angelegt am", "erstelldatum", "fecha de alta", "fecha alta", "fecha de creacion",
                     "data di creazione", "data creazione", "aangemaakt op", "aanmaakdatum", "data de criacao"])
    add(.updatedAt, ["geandert am", "geaendert am", "anderungsdatum", "fecha de modificacion", "data di modifica", "data modifica",
                     "gewijzigd op", "wijzigingsdatum", "data de modificacao"])
    // Tamis's own names (`last_contact_at`, `opt_in_sms_date` …), as its outputs and the README
    // spell them: an export written with them maps without a mapping file.
    for field in ContactField.allCases where table[HeaderSynonyms.fold(field.rawValue)] == nil {
      table[HeaderSynonyms.fold(field.rawValue)] = field
    }
    return table
  }()

  /// Words that, inside a longer header, point to a field (with less confidence than a synonym).
  static let words: [(word: String, field: ContactField)] = [
    ("courriel", .email), ("email", .email), ("mail", .email),
    ("portable", .mobile), ("mobile", .mobile), ("gsm", .mobile),
    ("fixe", .landline), ("telephone", .phone), ("phone", .phone), ("tel", .phone),
    ("prenom", .firstName), ("firstname", .firstName), ("naissance", .birthDate), ("birth", .birthDate),
    ("postal", .postalCode), ("zip", .postalCode), ("cp", .postalCode), ("ville", .city), ("city", .city),
    ("pays", .country), ("country", .country), ("adresse", .street), ("address", .street), ("street", .street),
    ("civilite", .civility), ("surname", .lastName), ("lastname", .lastName), ("nom", .lastName),
    ("societe", .company), ("company", .company),
    ("telefon", .phone), ("telefono", .phone), ("telefoon", .phone), ("telefone", .phone), ("handy", .mobile),
    ("movil", .mobile), ("cellulare", .mobile), ("mobiel", .mobile), ("vorname", .firstName), ("voornaam", .firstName),
    ("nachname", .lastName), ("apellidos", .lastName), ("cognome", .lastName), ("achternaam", .lastName),
    ("strasse", .street), ("direccion", .street), ("indirizzo", .street), ("plz", .postalCode), ("postleitzahl", .postalCode),
    ("correo", .email), ("geburtsdatum", .birthDate),
  ]

  /// Last steps of a path that hold the value of the element above them.
  static let valueWords: Set<String> = ["value", "valeur", "number", "numero", "num", "text", "texte", "content"]
  /// Last steps of a path that describe the element above them rather than hold its value.
  static let qualifierWords: Set<String> = [
    "type", "kind", "label", "libelle", "category", "categorie", "use", "usage", "primary", "principal", "preferred",
    "prefere", "verified", "verifie", "valid", "valide", "status", "statut", "source", "lang", "langue", "order", "rank",
  ]

  /// Case, accents and punctuation folded; `#2` (a repeated CSV header) and `[n]` dropped.
  public static func fold(_ header: String) -> String {
    var name = Substring(header)
    if let hash = name.lastIndex(of: "#"), name[name.index(after: hash)...].allSatisfy(\.isNumber), hash != name.startIndex {
      name = name[..<hash]
    }
    let key = TextFolding.key(String(name))
    var out = ""
    var pendingSpace = false
    for scalar in key.unicodeScalars {
      let isWordCharacter = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "@"
      if isWordCharacter {
        if pendingSpace && !out.isEmpty { out.append(" ") }
        pendingSpace = false
        out.unicodeScalars.append(scalar)
      } else {
        pendingSpace = true
      }
    }
    // camelCase keys ("firstName") fold to "firstname", which the tables also hold.
    return out
  }

  /// The field a header names, with a confidence from 0 to 1, or nil when nothing fits.
  /// Paths (`address.city`, `name/first`) are tried whole, then by their last component.
  public static func detect(_ header: String) -> (field: ContactField, confidence: Double)? {
    let folded = fold(header)
    if let field = exact[folded] { return (field, 1.0) }
    let compact = folded.replacingOccurrences(of: " ", with: "")
    if let field = exact[compact] { return (field, 0.95) }
    let components = header.split(whereSeparator: { $0 == "." || $0 == "/" })
    if components.count > 1, let last = components.last {
      // The last step names the value; an attribute's `@` says nothing more ("identite/@civilite").
      let lastFolded = fold(String(last.drop(while: { $0 == "@" })))
      if let field = exact[lastFolded] { return (field, 0.85) }
      if let field = exact[lastFolded.replacingOccurrences(of: " ", with: "")] { return (field, 0.8) }
      // A bare value under a named element is that element's ("phone.number", "email/valeur").
      if valueWords.contains(lastFolded), let parent = components.dropLast().last, let field = exact[fold(String(parent))] {
        return (field, 0.75)
      }
      // Any other attribute or qualifier of a named element ("telephone/@type", "email.verified")
      // describes the value without being it: the column is kept as an extra, not read as one.
      if last.hasPrefix("@") || qualifierWords.contains(lastFolded) { return nil }
    }
    // Numbered or suffixed variants: "email2", "telephone 2", "adresse_ligne_3".
    let trimmedDigits = String(folded.reversed().drop(while: { $0.isNumber || $0 == " " }).reversed())
    if trimmedDigits != folded, let field = exact[trimmedDigits] { return (field, 0.9) }
    let tokens = Set(folded.split(separator: " ").map(String.init))
    for (word, field) in words where tokens.contains(word) {
      // "date" beside a consent word is the consent's date, which only the exact table knows.
      if tokens.contains("date") && !field.isDate { continue }
      return (field, 0.6)
    }
    return nil
  }
}

extension HeaderSynonyms {
  /// Names of national person identifiers: a social security number (NIR), a national id or
  /// passport number names one person for life, so such a column is compared as an identifier.
  static let personalIdentifiers: Set<String> = [
    "nir", "numero de securite sociale", "numero securite sociale", "n securite sociale", "no securite sociale",
    "num securite sociale", "securite sociale", "numero secu", "num secu", "n secu", "no secu", "numero insee",
    "ssn", "social security number", "social security no", "social security id", "soc sec id", "soc sec no",
    "soc sec number", "national id", "national identifier", "national id number", "national insurance number",
    "nino", "passport number", "passport no", "numero de passeport", "numero passeport", "sozialversicherungsnummer",
    "numero de seguridad social", "codice fiscale", "burgerservicenummer", "bsn",
  ]

  /// The custom identifier a header names (`soc_sec_id` → `soc_sec_id`, typed identifier), or nil.
  public static func personalIdentifier(_ header: String) -> Mapping.CustomField? {
    let folded = fold(header)
    guard personalIdentifiers.contains(folded) else { return nil }
    return Mapping.CustomField(name: folded.replacingOccurrences(of: " ", with: "_"), type: .identifier)
  }

  /// For the CSV reader: a column name these synonyms recognise.
  public static let columnNameTest = ColumnNameTest(name: "header synonyms") { detect($0) != nil || personalIdentifier($0) != nil }
}
