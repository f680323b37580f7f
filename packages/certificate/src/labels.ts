/**
 * The certificate's own words, in the languages it prints. A language not listed here prints English
 * labels (the credential's own texts are still taken in the requested language where it has them).
 */
export interface Labels {
  heading: string;
  certifiesThat: string;
  hasAchieved: string;
  bornOn: (date: string) => string;
  level: string;
  eqfLevel: (level: number) => string;
  nqfLevel: (level: string) => string;
  qfEhea: Record<'short-cycle' | 'first' | 'second' | 'third', string>;
  notApplicable: string;
  workload: string;
  ects: (n: string) => string;
  hours: (n: string) => string;
  dateOfIssue: string;
  validUntil: string;
  noExpiry: string;
  learningOutcomes: string;
  andMore: (n: number) => string;
  awardingBodies: string;
  issuerCountries: string;
  assessment: string;
  participation: string;
  settings: Record<'formal' | 'non-formal' | 'informal', string>;
  qualityAssurance: string;
  supervision: string;
  grade: string;
  prerequisites: string;
  stackability: string;
  standAlone: string;
  stackable: string;
  stackableTowards: (towards: string) => string;
  certificationScheme: string;
  version: (v: string) => string;
  scope: string;
  furtherInformation: string;
  certificateNumber: string;
  issuedBy: string;
  status: string;
  statuses: Record<string, string>;
  scanToVerify: string;
  footnote: string;
  codes: Record<string, string>;
}

const en: Labels = {
  heading: 'Certificate of Micro-credential',
  certifiesThat: 'This is to certify that',
  hasAchieved: 'has successfully achieved the micro-credential',
  bornOn: (date) => `born ${date}`,
  level: 'Level',
  eqfLevel: (level) => `EQF level ${level}`,
  nqfLevel: (level) => `NQF level ${level}`,
  qfEhea: {
    'short-cycle': 'QF-EHEA short cycle',
    first: 'QF-EHEA first cycle',
    second: 'QF-EHEA second cycle',
    third: 'QF-EHEA third cycle',
  },
  notApplicable: 'Not applicable',
  workload: 'Workload',
  ects: (n) => `${n} ECTS credits`,
  hours: (n) => `${n} hours`,
  dateOfIssue: 'Date of issue',
  validUntil: 'Valid until',
  noExpiry: 'No expiry',
  learningOutcomes: 'Learning outcomes',
  andMore: (n) => `… and ${n} more learning outcome${n === 1 ? '' : 's'} (see the digital credential)`,
  awardingBodies: 'Awarding body',
  issuerCountries: 'Country / region of the issuer',
  assessment: 'Type of assessment',
  participation: 'Form of participation',
  settings: { formal: 'formal learning', 'non-formal': 'non-formal learning', informal: 'informal learning' },
  qualityAssurance: 'Quality assurance',
  supervision: 'Supervision and identity verification',
  grade: 'Grade',
  prerequisites: 'Prerequisites',
  stackability: 'Integration / stackability',
  standAlone: 'Stand-alone micro-credential',
  stackable: 'Stackable',
  stackableTowards: (towards) => `Stackable towards ${towards}`,
  certificationScheme: 'Certification scheme',
  version: (v) => `version ${v}`,
  scope: 'Scope of certification',
  furtherInformation: 'Further information',
  certificateNumber: 'Certificate number',
  issuedBy: 'Issued by',
  status: 'Status',
  statuses: { active: 'Valid', valid: 'Valid', revoked: 'Revoked', suspended: 'Suspended', expired: 'Expired', superseded: 'Superseded' },
  scanToVerify: 'Scan to verify',
  footnote:
    'This certificate represents a digitally signed European micro-credential (W3C Verifiable Credential). Its authenticity can be verified online.',
  codes: {
    'written-examination': 'Written examination',
    'oral-examination': 'Oral examination',
    'marked-assignment': 'Marked assignment',
    'continuous-evaluation': 'Continuous evaluation',
    portfolio: 'Portfolio',
    'practical-assessment': 'Practical assessment',
    'project-work': 'Project work',
    quiz: 'Quiz',
    'artefact-assessment': 'Assessment of an artefact',
    'peer-assessment': 'Peer assessment',
    online: 'Online',
    blended: 'Blended',
    onsite: 'On site',
    'work-based': 'Work-based',
    internal: 'Internal quality assurance',
    external: 'External quality assurance',
    'internal-and-external': 'Internal and external quality assurance',
    'iso-17024-certification': 'Certification to ISO/IEC 17024',
    'unsupervised-no-id-verification': 'Unsupervised, no identity verification',
    'supervised-no-id-verification': 'Supervised, no identity verification',
    'supervised-online-with-id-verification': 'Supervised online, with identity verification',
    'onsite-with-id-verification': 'Supervised on site, with identity verification',
  },
};

const de: Labels = {
  heading: 'Zertifikat über eine Microcredential',
  certifiesThat: 'Hiermit wird bescheinigt, dass',
  hasAchieved: 'die folgende Microcredential erfolgreich erworben hat',
  bornOn: (date) => `geboren am ${date}`,
  level: 'Niveau',
  eqfLevel: (level) => `EQR-Niveau ${level}`,
  nqfLevel: (level) => `NQR-Niveau ${level}`,
  qfEhea: {
    'short-cycle': 'QR-EHR Kurzstudiengang',
    first: 'QR-EHR erster Zyklus',
    second: 'QR-EHR zweiter Zyklus',
    third: 'QR-EHR dritter Zyklus',
  },
  notApplicable: 'Nicht zutreffend',
  workload: 'Arbeitsaufwand',
  ects: (n) => `${n} ECTS-Punkte`,
  hours: (n) => `${n} Stunden`,
  dateOfIssue: 'Ausstellungsdatum',
  validUntil: 'Gültig bis',
  noExpiry: 'Unbefristet',
  learningOutcomes: 'Lernergebnisse',
  andMore: (n) => `… und ${n} weitere${n === 1 ? 's' : ''} Lernergebnis${n === 1 ? '' : 'se'} (siehe digitale Bescheinigung)`,
  awardingBodies: 'Vergebende Stelle',
  issuerCountries: 'Land / Region des Ausstellers',
  assessment: 'Art der Prüfung',
  participation: 'Form der Teilnahme',
  settings: { formal: 'formales Lernen', 'non-formal': 'nicht-formales Lernen', informal: 'informelles Lernen' },
  qualityAssurance: 'Qualitätssicherung',
  supervision: 'Aufsicht und Identitätsprüfung',
  grade: 'Note',
  prerequisites: 'Voraussetzungen',
  stackability: 'Kombinierbarkeit',
  standAlone: 'Eigenständige Microcredential',
  stackable: 'Kombinierbar',
  stackableTowards: (towards) => `Anrechenbar auf ${towards}`,
  certificationScheme: 'Zertifizierungsprogramm',
  version: (v) => `Version ${v}`,
  scope: 'Geltungsbereich der Zertifizierung',
  furtherInformation: 'Weitere Informationen',
  certificateNumber: 'Zertifikatsnummer',
  issuedBy: 'Ausgestellt von',
  status: 'Status',
  statuses: { active: 'Gültig', valid: 'Gültig', revoked: 'Widerrufen', suspended: 'Ausgesetzt', expired: 'Abgelaufen', superseded: 'Ersetzt' },
  scanToVerify: 'Zum Prüfen scannen',
  footnote:
    'Dieses Zertifikat gibt eine digital signierte europäische Microcredential (W3C Verifiable Credential) wieder. Ihre Echtheit kann online geprüft werden.',
  codes: {
    'written-examination': 'Schriftliche Prüfung',
    'oral-examination': 'Mündliche Prüfung',
    'marked-assignment': 'Bewertete Hausarbeit',
    'continuous-evaluation': 'Laufende Leistungsbewertung',
    portfolio: 'Portfolio',
    'practical-assessment': 'Praktische Prüfung',
    'project-work': 'Projektarbeit',
    quiz: 'Quiz',
    'artefact-assessment': 'Bewertung eines Werkstücks',
    'peer-assessment': 'Peer-Bewertung',
    online: 'Online',
    blended: 'Blended Learning',
    onsite: 'Präsenz',
    'work-based': 'Arbeitsplatzbasiert',
    internal: 'Interne Qualitätssicherung',
    external: 'Externe Qualitätssicherung',
    'internal-and-external': 'Interne und externe Qualitätssicherung',
    'iso-17024-certification': 'Zertifizierung nach ISO/IEC 17024',
    'unsupervised-no-id-verification': 'Ohne Aufsicht, ohne Identitätsprüfung',
    'supervised-no-id-verification': 'Mit Aufsicht, ohne Identitätsprüfung',
    'supervised-online-with-id-verification': 'Online beaufsichtigt, mit Identitätsprüfung',
    'onsite-with-id-verification': 'Vor Ort beaufsichtigt, mit Identitätsprüfung',
  },
};

const fr: Labels = {
  heading: 'Certificat de microcertification',
  certifiesThat: 'Il est certifié que',
  hasAchieved: 'a obtenu avec succès la microcertification',
  bornOn: (date) => `né(e) le ${date}`,
  level: 'Niveau',
  eqfLevel: (level) => `Niveau CEC ${level}`,
  nqfLevel: (level) => `Niveau CNC ${level}`,
  qfEhea: {
    'short-cycle': 'CC-EEES cycle court',
    first: 'CC-EEES premier cycle',
    second: 'CC-EEES deuxième cycle',
    third: 'CC-EEES troisième cycle',
  },
  notApplicable: 'Sans objet',
  workload: 'Charge de travail',
  ects: (n) => `${n} crédits ECTS`,
  hours: (n) => `${n} heures`,
  dateOfIssue: 'Date de délivrance',
  validUntil: "Valable jusqu'au",
  noExpiry: 'Sans limite de validité',
  learningOutcomes: "Acquis d'apprentissage",
  andMore: (n) => `… et ${n} autre${n === 1 ? '' : 's'} acquis d'apprentissage (voir la certification numérique)`,
  awardingBodies: 'Organisme de délivrance',
  issuerCountries: "Pays / région de l'émetteur",
  assessment: "Type d'évaluation",
  participation: 'Forme de participation',
  settings: { formal: 'apprentissage formel', 'non-formal': 'apprentissage non formel', informal: 'apprentissage informel' },
  qualityAssurance: 'Assurance qualité',
  supervision: "Surveillance et vérification de l'identité",
  grade: 'Note',
  prerequisites: 'Prérequis',
  stackability: 'Intégration / cumulabilité',
  standAlone: 'Microcertification autonome',
  stackable: 'Cumulable',
  stackableTowards: (towards) => `Cumulable en vue de : ${towards}`,
  certificationScheme: 'Programme de certification',
  version: (v) => `version ${v}`,
  scope: 'Portée de la certification',
  furtherInformation: 'Informations complémentaires',
  certificateNumber: 'Numéro de certificat',
  issuedBy: 'Délivré par',
  status: 'Statut',
  statuses: { active: 'Valide', valid: 'Valide', revoked: 'Révoqué', suspended: 'Suspendu', expired: 'Expiré', superseded: 'Remplacé' },
  scanToVerify: 'Scanner pour vérifier',
  footnote:
    "Ce certificat représente une microcertification européenne signée numériquement (W3C Verifiable Credential). Son authenticité peut être vérifiée en ligne.",
  codes: {
    'written-examination': 'Examen écrit',
    'oral-examination': 'Examen oral',
    'marked-assignment': 'Devoir noté',
    'continuous-evaluation': 'Contrôle continu',
    portfolio: 'Portfolio',
    'practical-assessment': 'Évaluation pratique',
    'project-work': 'Travail de projet',
    quiz: 'Quiz',
    'artefact-assessment': "Évaluation d'une réalisation",
    'peer-assessment': 'Évaluation par les pairs',
    online: 'En ligne',
    blended: 'Hybride',
    onsite: 'Sur site',
    'work-based': 'En milieu de travail',
    internal: 'Assurance qualité interne',
    external: 'Assurance qualité externe',
    'internal-and-external': 'Assurance qualité interne et externe',
    'iso-17024-certification': 'Certification selon ISO/IEC 17024',
    'unsupervised-no-id-verification': "Sans surveillance, sans vérification de l'identité",
    'supervised-no-id-verification': "Surveillé, sans vérification de l'identité",
    'supervised-online-with-id-verification': "Surveillé en ligne, avec vérification de l'identité",
    'onsite-with-id-verification': "Surveillé sur site, avec vérification de l'identité",
  },
};

export const LABELS: Record<string, Labels> = { en, de, fr };

/** The languages the certificate has its own labels in. */
export const LABEL_LANGUAGES = Object.keys(LABELS);

/** The labels for a language tag ("de-AT" takes "de"), English where there are none. */
export function labelsFor(language: string): Labels {
  const base = language.toLowerCase().split('-')[0] ?? 'en';
  return LABELS[base] ?? en;
}
