import type { SecuringFormat } from '@microcred/securing';

/** The formats `microcred issue --format` signs (offline) or asks the service for (a cohort). */
export const FORMATS: SecuringFormat[] = ['di', 'eddsa-jcs', 'ecdsa', 'jwt'];
export const FORMAT_LIST = `${FORMATS.slice(0, -1).join(', ')} or ${FORMATS.at(-1)}`;
