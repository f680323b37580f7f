/**
 * Every Annex I element and every ISO/IEC 17024 element given in the input reaches the signed
 * credential under an ELM (or EU vocabulary) IRI, as JSON-LD processors read it.
 */
import * as credentialsContext from '@digitalbazaar/credentials-context';
import jsonld from 'jsonld';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMicroCredential, loadFixture } from '@microcred/model';
import { generateKey, secureCredential } from '@microcred/securing';

const ELM = 'http://data.europa.eu/snb/model/elm/';
const DC = 'http://purl.org/dc/terms/';

const loader = async (url: string) => {
  const document = credentialsContext.contexts.get(url);
  if (!document) throw new Error(`no network: ${url}`);
  return { contextUrl: null, documentUrl: url, document };
};

/** Every (property IRI → values) pair anywhere in the expanded graph, and every @id / @type seen. */
function index(expanded: unknown) {
  const properties = new Set<string>();
  const iris = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === '@id' && typeof value === 'string') iris.add(value);
      else if (key === '@type') (Array.isArray(value) ? value : [value]).forEach((t) => iris.add(String(t)));
      else if (!key.startsWith('@')) properties.add(key);
      walk(value);
    }
  };
  walk(expanded);
  return { properties, iris };
}

/** For each element: the IRIs (properties, classes or concepts) that must be in the expanded credential. */
const ANNEX_I: Record<string, string[]> = {
  learner: [`${ELM}Person`, 'http://xmlns.com/foaf/0.1/givenName', 'http://xmlns.com/foaf/0.1/familyName'],
  title: [`${ELM}hasClaim`, `${DC}title`],
  issuerCountries: [`${ELM}location`, `${ELM}countryCode`, 'http://publications.europa.eu/resource/authority/country/IRL', 'http://publications.europa.eu/resource/authority/country/ESP'],
  awardingBodies: [`${ELM}awardedBy`, `${ELM}awardingBody`, `${ELM}Organisation`, 'http://www.w3.org/ns/regorg#legalName', 'http://www.w3.org/ns/regorg#registration'],
  issued: [`${ELM}awardingDate`],
  learningOutcomes: [`${ELM}learningOutcome`, `${ELM}LearningOutcome`, `${ELM}relatedESCOSkill`],
  workload: [`${ELM}creditPoint`, `${ELM}point`, 'http://data.europa.eu/snb/education-credit/6fcec5c5af', `${ELM}volumeOfLearning`],
  level: [`${ELM}EQFLevel`, 'http://data.europa.eu/snb/eqf/6', `${ELM}NQFLevel`],
  assessment: [`${ELM}provenBy`, `${ELM}LearningAssessment`, `${DC}type`],
  participation: [`${ELM}mode`, 'http://data.europa.eu/snb/learning-assessment/e92d221e4d', `${ELM}learningSetting`, 'http://data.europa.eu/snb/learning-setting/6fd4685715'],
  qualityAssurance: [`${ELM}accreditation`, `${ELM}Accreditation`],
  description: [`${DC}description`],
  prerequisites: [`${ELM}entryRequirement`],
  supervision: [`${ELM}idVerification`],
  grade: [`${ELM}grade`, `${ELM}noteLiteral`],
  stackability: [`${ELM}additionalNote`],
  furtherInformation: [`${ELM}additionalNote`],
};

const ISO_17024: Record<string, string[]> = {
  certificateNumber: ['http://www.w3.org/ns/adms#identifier', `${ELM}Identifier`, 'http://www.w3.org/2004/02/skos/core#notation'],
  placeOfIssue: [`${ELM}location`, `${ELM}geographicName`],
  validUntil: [`${ELM}expiryDate`],
  certificationScheme: [`${ELM}specialisationOf`, `${ELM}schemeVersion`],
  scope: [`${ELM}additionalNote`],
  signatory: [`${ELM}Person`, 'http://xmlns.com/foaf/0.1/fullName'],
  recertificationOf: [`${DC}replaces`],
};

describe('the expanded JSON-LD of an issued credential', () => {
  let annex: ReturnType<typeof index>;
  let iso: ReturnType<typeof index>;
  let isoExpanded: unknown;
  beforeAll(async () => {
    const key = await generateKey({ type: 'Ed25519', did: 'key' });
    const sign = async (name: 'digital-skills-bootcamp' | 'crane-operator-certificate') => {
      const credential = buildMicroCredential(loadFixture(name), { issuer: key.controller });
      const { credential: signed } = await secureCredential(credential, { key, format: 'di' });
      return jsonld.expand(signed, { documentLoader: loader, safe: true });
    };
    annex = index(await sign('digital-skills-bootcamp'));
    isoExpanded = await sign('crane-operator-certificate');
    iso = index(isoExpanded);
  });

  it.each(Object.entries(ANNEX_I))('carries the Annex I element %s under ELM / EU IRIs', (_element, expected) => {
    for (const iri of expected) expect([...annex.properties, ...annex.iris]).toContain(iri);
  });

  it.each(Object.entries(ISO_17024))('carries the ISO/IEC 17024 element %s under ELM IRIs', (_element, expected) => {
    for (const iri of expected) expect([...iso.properties, ...iso.iris]).toContain(iri);
  });

  it('maps the claim description to dc:description and keeps the VC description as schema.org', () => {
    expect(annex.properties).toContain('https://schema.org/description');
    expect(annex.properties).toContain(`${DC}description`);
  });

  it('leaves no term undefined (nothing falls to the issuer-dependent vocabulary)', () => {
    for (const property of [...annex.properties, ...iso.properties]) {
      expect(property).not.toMatch(/issuer-dependent/);
    }
  });
});
