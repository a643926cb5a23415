/// French names, places and providers for synthetic contacts: facts of the domain (common
/// surnames, first names with their usual nicknames, communes with their postal codes).
enum Vocabulary {
  static let surnames = """
    Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefèvre Leroy Roux David Bertrand
    Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller Lefebvre Faure André Mercier Blanc Guérin
    Boyer Garnier Chevalier François Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu Gautier
    Masson Marchand Duval Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly Rivière Lucas Brunet
    Gaillard Barbier Arnaud Martinez Gérard Roche Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine
    Renaud Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey Leclerc Payet Rolland Leclercq Guillaume Lecomte López
    Jean Dupuy Guillot Hubert Berger Carpentier Sanchez Dupuis Moulin Louis Deschamps Huet Vasseur Perez Boucher Fleury Royer
    Klein Jacquet Adam Paris Poirier Marty Aubry Guyot Carré Charles Renault Charpentier Ménard Maillard Baron Bertin Bailly
    Hervé Schneider Fernandez Le Gall Collet Léger Bouvier Julien Prévost Millet Perrot Daniel Le Roux Cousin Germain Breton
    Besson Langlois Rémy Le Goff Pelletier Lévêque Perrier Leblanc Barré Lebrun Marchal Weber Mallet Hamon Boulanger Jacob
    Monnier Michaud Rodriguez Guichard Gillet Étienne Grondin Poulain Tessier Chevallier Collin Chauvin Da Silva Bouchet Gay
    Lemaître Bénard Maréchal Humbert Reynaud Antoine Hoarau Perret Barthélemy Cordier Pichon Lejeune Gilbert Lamy Delaunay
    Pasquier Carlier Laporte N'Guyen Benali De La Tour Le Pen D'Arcy O'Neill Saint-Martin Vasseur Texier Hamel Ferrand
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init).reduce(into: [String]()) { names, word in
      // Rebuild the few surnames of two words ("Le Gall", "Da Silva", "De La Tour").
      if let last = names.last, ["Le", "Da", "De", "De La"].contains(last) { names[names.count - 1] = last + " " + word } else { names.append(word) }
    }

  /// First names with their sex and the nicknames that stand for them in exports.
  static let firstNames: [(name: String, female: Bool, nicknames: [String])] = [
    ("Jean", false, []), ("Pierre", false, []), ("Michel", false, []), ("André", false, []), ("Philippe", false, ["Phil"]),
    ("Nicolas", false, ["Nico"]), ("Christophe", false, ["Chris"]), ("Frédéric", false, ["Fred"]), ("Sébastien", false, ["Seb"]),
    ("Alexandre", false, ["Alex"]), ("Jean-Baptiste", false, ["JB"]), ("Jean-Pierre", false, ["JP"]), ("François", false, []),
    ("Thomas", false, ["Tom"]), ("Julien", false, ["Ju"]), ("Mathieu", false, ["Matt"]), ("Guillaume", false, ["Guigui"]),
    ("Laurent", false, []), ("Olivier", false, ["Olive"]), ("David", false, []), ("Stéphane", false, ["Steph"]), ("Éric", false, []),
    ("Patrick", false, ["Pat"]), ("Daniel", false, ["Dany"]), ("Antoine", false, ["Tony"]), ("Maxime", false, ["Max"]),
    ("Benjamin", false, ["Ben"]), ("Kévin", false, []), ("Lucas", false, []), ("Hugo", false, []), ("Louis", false, ["Loulou"]),
    ("Gabriel", false, ["Gaby"]), ("Raphaël", false, ["Raph"]), ("Arthur", false, []), ("Paul", false, []), ("Jacques", false, ["Jacquot"]),
    ("Bernard", false, []), ("Alain", false, []), ("Gérard", false, []), ("Christian", false, []), ("Yves", false, []),
    ("Marie", true, []), ("Nathalie", true, ["Nath"]), ("Isabelle", true, ["Isa"]), ("Sylvie", true, []), ("Catherine", true, ["Cathy"]),
    ("Françoise", true, []), ("Valérie", true, ["Val"]), ("Christine", true, ["Christ"]), ("Sandrine", true, ["Sandy"]),
    ("Stéphanie", true, ["Steph"]), ("Céline", true, []), ("Sophie", true, ["So"]), ("Élodie", true, []), ("Émilie", true, ["Mimi"]),
    ("Julie", true, ["Juju"]), ("Aurélie", true, ["Aurel"]), ("Camille", true, ["Cam"]), ("Léa", true, []), ("Manon", true, []),
    ("Chloé", true, []), ("Emma", true, []), ("Inès", true, []), ("Jade", true, []), ("Louise", true, ["Lou"]), ("Alice", true, []),
    ("Anne", true, []), ("Hélène", true, []), ("Monique", true, ["Momo"]), ("Martine", true, []), ("Brigitte", true, ["Gigi"]),
    ("Véronique", true, ["Véro"]), ("Caroline", true, ["Caro"]), ("Élisabeth", true, ["Babeth", "Lisa"]), ("Marie-Claire", true, []),
    ("Anne-Sophie", true, []), ("Marie-Christine", true, []), ("Thi Lan", true, []), ("Fatima", true, []), ("Yasmine", true, ["Yas"]),
    ("Mohamed", false, ["Momo"]), ("Karim", false, []), ("Mehdi", false, []), ("Sarah", true, []), ("Laura", true, []),
  ]

  /// A long tail of rare surnames, made from French syllables: in France the commonest few
  /// hundred surnames cover about a tenth of the population, the rest is spread over a million.
  static let rareSurnames: [String] = {
    let heads = ["Bar", "Ber", "Bou", "Cha", "Che", "Co", "Da", "De", "Du", "Fa", "Fer", "Ga", "Gi", "Gu", "La", "Le", "Lo", "Ma",
                 "Me", "Mo", "Pa", "Pe", "Pi", "Po", "Ra", "Re", "Ri", "Ro", "Sa", "Se", "Ta", "Te", "Tho", "Va", "Ve", "Vi"]
    let middles = ["", "r", "l", "n", "ch", "rb", "nd", "ss", "v", "m", "gn", "t"]
    let tails = ["ard", "aud", "eau", "elin", "ier", "in", "on", "ot", "oux", "et", "and", "ais", "ès", "ault", "eret", "illon", "ois", "ac"]
    var names: [String] = []
    for head in heads { for middle in middles { for tail in tails { names.append(head + middle + tail) } } }
    return names
  }()

  /// Synthetic communes: a department, a postal code and a name, so that blocks by postal code
  /// are as small as in real data (France has about 6,000 postal codes).
  static let generatedPlaces: [(postalCode: String, city: String)] = {
    let starts = ["Saint-", "Sainte-", "", "", "", "Le ", "La ", "Les ", "", ""]
    let roots = ["Mar", "Beau", "Mont", "Ville", "Font", "Roche", "Châte", "Bel", "Val", "Clair", "Cour", "Pont", "Gran", "Ro"]
    let ends = ["ville", "mont", "court", "ac", "an", "ay", "eux", "ières", "ol", "y", "on", "ens", "ard", "ès"]
    var places: [(String, String)] = []
    var number = 0
    for department in 1...95 where department != 20 {
      for k in 0..<60 {
        number += 1
        let code = String(format: "%02d%03d", department, (k * 17 + department) % 1000)
        let name = starts[number % starts.count] + roots[(number / 3) % roots.count] + ends[(number / 7) % ends.count]
        places.append((code, name))
      }
    }
    return places
  }()

  static let places: [(postalCode: String, city: String)] = [
    ("75001", "Paris"), ("75005", "Paris"), ("75008", "Paris"), ("75011", "Paris"), ("75015", "Paris"), ("75017", "Paris"),
    ("75018", "Paris"), ("75020", "Paris"), ("13001", "Marseille"), ("13008", "Marseille"), ("69001", "Lyon"), ("69003", "Lyon"),
    ("69007", "Lyon"), ("31000", "Toulouse"), ("06000", "Nice"), ("44000", "Nantes"), ("34000", "Montpellier"),
    ("67000", "Strasbourg"), ("33000", "Bordeaux"), ("59000", "Lille"), ("35000", "Rennes"), ("51100", "Reims"),
    ("42000", "Saint-Étienne"), ("83000", "Toulon"), ("76600", "Le Havre"), ("38000", "Grenoble"), ("21000", "Dijon"),
    ("49000", "Angers"), ("30000", "Nîmes"), ("63000", "Clermont-Ferrand"), ("72000", "Le Mans"), ("13100", "Aix-en-Provence"),
    ("29200", "Brest"), ("37000", "Tours"), ("80000", "Amiens"), ("87000", "Limoges"), ("74000", "Annecy"), ("66000", "Perpignan"),
    ("57000", "Metz"), ("25000", "Besançon"), ("45000", "Orléans"), ("68100", "Mulhouse"), ("76000", "Rouen"), ("14000", "Caen"),
    ("54000", "Nancy"), ("93200", "Saint-Denis"), ("92100", "Boulogne-Billancourt"), ("95100", "Argenteuil"), ("93100", "Montreuil"),
    ("64000", "Pau"), ("17000", "La Rochelle"), ("01000", "Bourg-en-Bresse"), ("05000", "Gap"), ("2A000", "Ajaccio"),
    ("97400", "Saint-Denis"), ("22000", "Saint-Brieuc"), ("56000", "Vannes"), ("86000", "Poitiers"), ("62000", "Arras"),
  ]

  static let streetTypes: [(full: String, short: String)] = [
    ("rue", "r."), ("avenue", "av."), ("boulevard", "bd"), ("place", "pl."), ("chemin", "chem."), ("allée", "all."),
    ("impasse", "imp."), ("route", "rte"), ("quai", "qu."), ("cours", "crs"),
  ]

  static let streetNames = [
    "de la République", "Victor Hugo", "Jean Jaurès", "de la Paix", "Pasteur", "du Général de Gaulle", "des Lilas", "Voltaire",
    "de la Gare", "Gambetta", "Nationale", "des Écoles", "du Moulin", "de Verdun", "Émile Zola", "des Tilleuls", "de l'Église",
    "Saint-Michel", "des Vignes", "du Château", "Carnot", "Foch", "de la Liberté", "du Stade", "des Roses", "Haussmann",
    "de Paris", "Jules Ferry", "Anatole France", "de Bretagne", "du Port", "des Acacias", "Louis Pasteur", "du 8 Mai 1945",
  ]

  static let emailDomains = ["gmail.com", "gmail.com", "gmail.com", "orange.fr", "hotmail.fr", "yahoo.fr", "free.fr", "sfr.fr",
                             "laposte.net", "outlook.fr", "wanadoo.fr", "icloud.com", "live.fr", "bbox.fr"]
}
