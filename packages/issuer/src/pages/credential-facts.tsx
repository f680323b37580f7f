import type { Child, FC } from 'hono/jsx';
import { labelsFor } from '@microcred/certificate';
import { countryName, type LanguageMap, type NormalizedMicroCredential } from '@microcred/model';
import { formatDay, formatNumber, textsFor, type Language } from './i18n.ts';

/** A text from a language map: the reader's language where the map has it, else English, else the first. */
export function pickText(map: LanguageMap | undefined, language: Language): { text: string; lang: string } | undefined {
  if (!map) return undefined;
  const keys = Object.keys(map);
  if (keys.length === 0) return undefined;
  const base = (k: string) => k.toLowerCase().split('-')[0];
  const key = keys.find((k) => base(k) === language) ?? keys.find((k) => base(k) === 'en') ?? keys.find((k) => k === 'und') ?? (keys[0] as string);
  return { text: map[key] as string, lang: key };
}

/** The text, marked with its own language when that is not the page's (screen readers switch voice). */
export const Localized: FC<{ map: LanguageMap | undefined; language: Language }> = ({ map, language }) => {
  const picked = pickText(map, language);
  if (!picked) return null;
  return picked.lang === language || picked.lang === 'und' ? <>{picked.text}</> : <span lang={picked.lang}>{picked.text}</span>;
};

export function learnerName(mc: NormalizedMicroCredential): string | undefined {
  const learner = mc.learner ?? {};
  return learner.fullName ?? ([learner.givenName, learner.familyName].filter(Boolean).join(' ') || undefined);
}

/**
 * A concept outside the EU vocabulary the labels know, named by an IRI: its
 * last segment in words ("…/theory-and-practical-exam" → "Theory and
 * practical exam") reads better than the IRI.
 */
export function conceptName(value: string): string {
  if (!/^https?:\/\//.test(value)) return value;
  const last = decodeURIComponent(value.replace(/[/#]+$/, '').split(/[/#]/).pop() ?? value).replace(/[-_]+/g, ' ').trim();
  return last ? last.charAt(0).toUpperCase() + last.slice(1) : value;
}

function Fact({ label, children }: { label: string; children?: Child }) {
  return (
    <div class="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Every Annex I element a reader needs, in the order a certificate lists them. */
export const CredentialFacts: FC<{ mc: NormalizedMicroCredential; language: Language; issuerName?: string | undefined }> = ({
  mc,
  language,
  issuerName,
}) => {
  const t = textsFor(language);
  const l = labelsFor(language);
  const code = (value: string) => l.codes[value] ?? conceptName(value);
  const level = mc.level;
  const levels =
    level === 'not-applicable'
      ? [l.notApplicable]
      : [
          level.eqf !== undefined ? l.eqfLevel(level.eqf) : undefined,
          level.nqf ? l.nqfLevel(level.nqf.level) : undefined,
          level.qfEhea ? l.qfEhea[level.qfEhea] : undefined,
        ].filter((v): v is string => Boolean(v));
  const workload = [
    mc.workload.ects !== undefined ? l.ects(formatNumber(mc.workload.ects, language)) : undefined,
    mc.workload.hours !== undefined ? l.hours(formatNumber(mc.workload.hours, language)) : undefined,
  ].filter((v): v is string => Boolean(v));
  const name = learnerName(mc);
  return (
    <dl class="facts">
      {name && <Fact label={t.learner}>{name}</Fact>}
      <Fact label={l.awardingBodies}>
        <ul class="plain">
          {mc.awardingBodies.map((body) => (
            <li>
              <Localized map={body.legalName} language={language} />
              <span class="muted"> · {countryName(body.country, language)}</span>
            </li>
          ))}
        </ul>
      </Fact>
      {mc.issuerCountries.length > 0 && (
        <Fact label={l.issuerCountries}>
          {mc.issuerCountries.map((c, index) => (
            <>
              {index > 0 && ', '}
              {typeof c === 'string' ? (
                countryName(c, language)
              ) : (
                <>
                  {countryName(c.country, language)} (<Localized map={c.region} language={language} />)
                </>
              )}
            </>
          ))}
        </Fact>
      )}
      {issuerName && <Fact label={l.issuedBy}>{issuerName}</Fact>}
      {mc.issued && <Fact label={l.dateOfIssue}>{formatDay(mc.issued, language)}</Fact>}
      {mc.placeOfIssue && (
        <Fact label={t.placeOfIssue}>
          <Localized map={mc.placeOfIssue} language={language} />
        </Fact>
      )}
      {levels.length > 0 && <Fact label={l.level}>{levels.join(' · ')}</Fact>}
      {workload.length > 0 && <Fact label={l.workload}>{workload.join(' · ')}</Fact>}
      <Fact label={l.assessment}>
        {code(mc.assessment.type)}
        {mc.assessment.description && (
          <>
            {': '}
            <Localized map={mc.assessment.description} language={language} />
          </>
        )}
      </Fact>
      <Fact label={l.participation}>
        {code(mc.participation.mode)}, {l.settings[mc.participation.setting]}
      </Fact>
      {mc.supervision && <Fact label={l.supervision}>{code(mc.supervision)}</Fact>}
      <Fact label={l.qualityAssurance}>
        {code(mc.qualityAssurance.type)}
        {': '}
        <Localized map={mc.qualityAssurance.description} language={language} />
      </Fact>
      {mc.grade && (
        <Fact label={l.grade}>
          <Localized map={mc.grade} language={language} />
        </Fact>
      )}
      {mc.prerequisites && (
        <Fact label={l.prerequisites}>
          <Localized map={mc.prerequisites} language={language} />
        </Fact>
      )}
      {mc.stackability && (
        <Fact label={l.stackability}>
          {mc.stackability.type === 'stand-alone' ? (
            l.standAlone
          ) : mc.stackability.towards ? (
            l.stackableTowards(pickText(mc.stackability.towards, language)?.text ?? '')
          ) : (
            l.stackable
          )}
        </Fact>
      )}
      {mc.certificationScheme && (
        <Fact label={l.certificationScheme}>
          <Localized map={mc.certificationScheme.name} language={language} />
          {mc.certificationScheme.version && `, ${l.version(mc.certificationScheme.version)}`}
        </Fact>
      )}
      {mc.scope && (
        <Fact label={l.scope}>
          <Localized map={mc.scope} language={language} />
        </Fact>
      )}
      <Fact label={t.validity}>{mc.validUntil ? `${l.validUntil} ${formatDay(mc.validUntil, language)}` : l.noExpiry}</Fact>
      {mc.certificateNumber && (
        <Fact label={l.certificateNumber}>
          <span class="mono">{mc.certificateNumber}</span>
        </Fact>
      )}
    </dl>
  );
};

/** What the learner can do, in the credential's own words. */
export const LearningOutcomes: FC<{ mc: NormalizedMicroCredential; language: Language }> = ({ mc, language }) => {
  if (mc.learningOutcomes.length === 0) return null;
  return (
    <section class="outcomes" aria-labelledby="outcomes-heading">
      <h3 id="outcomes-heading">{labelsFor(language).learningOutcomes}</h3>
      <ul>
        {mc.learningOutcomes.map((outcome) => (
          <li>
            <Localized map={outcome.title} language={language} />
          </li>
        ))}
      </ul>
    </section>
  );
};
