import { randomInt } from 'node:crypto';

/** A numeric transaction code (OID4VCI 1.0 §4.1.1 `tx_code`), uniformly random: shown to the learner, typed into the wallet. */
export function newTxCode(length = 6): string {
  let code = '';
  for (let i = 0; i < length; i++) code += String(randomInt(10));
  return code;
}
