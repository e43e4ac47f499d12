//! The generator's pseudo-random numbers and the words it builds cases from:
//! French business names, agents, notes and skip reasons.

/// A small deterministic pseudo-random sequence (xorshift64*): good enough
/// to spread cases over states, and stable across platforms and builds.
#[derive(Debug, Clone)]
pub struct Random {
    state: u64,
}

impl Random {
    pub fn new(seed: u64) -> Random {
        // Mixed so that neighbouring seeds give unrelated sequences; never zero.
        let mut state = seed
            .wrapping_add(0x9E37_79B9_7F4A_7C15)
            .wrapping_mul(0xBF58_476D_1CE4_E5B9);
        state ^= state >> 31;
        Random { state: state | 1 }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next_u64() % (high - low + 1)
    }

    /// True with the given chance in percent.
    pub fn percent(&mut self, chance: u64) -> bool {
        self.next_u64() % 100 < chance
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
}

pub(super) const AGENTS: &[&str] = &[
    "léa.martin",
    "chloé.dubois",
    "jérôme.lefèvre",
    "amélie.rousseau",
    "françois.girard",
    "hélène.faure",
    "noël.mercier",
    "zoé.bonnet",
];

pub(super) const REVIEWERS: &[&str] = &["team.lead", "inès.chevalier", "cédric.lemaître"];

pub(super) const BUSINESSES: &[&str] = &[
    "Salon",
    "Institut",
    "Cabinet",
    "Boulangerie",
    "Hôtel",
    "Pharmacie",
    "Atelier",
    "Fiduciaire",
    "Clinique",
    "Brasserie",
];

pub(super) const NAMES: &[&str] = &[
    "Léa",
    "Bellevue",
    "Dupré",
    "Gâteaux & Cie",
    "Éloïse",
    "du Château",
    "Müller",
    "Saint-Médard",
    "Côté Jardin",
    "Forêt-Noire",
    "Noémie",
    "Hervé & Fils",
];

pub(super) const CITIES: &[&str] = &[
    "Lyon",
    "Genève",
    "Besançon",
    "Orléans",
    "Nîmes",
    "Zürich",
    "Québec",
    "Évry",
    "Montréal",
    "Fribourg",
];

pub(super) const NOTES: &[&str] = &[
    "Appel avec le client : il confirme la date de migration prévue.",
    "Relance envoyée par e-mail à la gérante, pas de réponse pour l'instant.",
    "Le client demande un délai supplémentaire — à revoir jeudi.",
    "Échange avec l'équipe Finance : rien à signaler côté facturation.",
    "Contrat signé reçu, déposé dans les « files » du compte.",
    "Message vocal laissé ; le client préfère être rappelé après 14 h.",
    "Vérifié avec le support : l'accès à l'agenda reste ouvert pendant la bascule.",
    "Le partenaire a bien récupéré ses données ; sauvegarde vérifiée.",
    "Point hebdomadaire : tout est en ordre, prochaine étape côté équipe technique.",
    "Customer asked for a quick summary of the next steps; sent by e-mail.",
    "Rappel : prévoir la formation des employé·e·s avant le démarrage.",
    "Le client signale un souci d'accès ; ticket ouvert chez le support.",
];

pub(super) const MULTI_LINE_NOTES: &[&str] = &[
    "Compte rendu de l'appel :\n- date de bascule validée\n- formation prévue la semaine suivante\n- pas de dette côté Pro\n",
    "Points ouverts :\n1. récupérer le fichier client\n2. confirmer les horaires des employés\nÀ revoir avec la responsable.",
];

pub(super) const SKIP_REASONS: &[&str] = &[
    "déjà fait par le client lors de l'appel précédent",
    "pas d'interface chez le client",
    "not needed for this customer, confirmed by the team lead",
    "étape couverte par le ticket précédent",
];
