/** Where Learner Credential Wallet's deep links start (its universal link; the app registers it). */
export const LCW_REQUEST_BASE = 'https://lcw.app/request.html';

/**
 * Learner Credential Wallet's credential request deep link, as LCW documents it:
 * `https://lcw.app/request.html?issuer=…&auth_type=bearer&challenge=…&vc_request_url=…`. LCW signs a DID
 * authentication presentation with `challenge` and POSTs it to `vc_request_url`.
 */
export function lcwDeepLink(options: { issuer: string; challenge: string; vcRequestUrl: string; base?: string }): string {
  const url = new URL(options.base ?? LCW_REQUEST_BASE);
  url.searchParams.set('issuer', options.issuer);
  url.searchParams.set('auth_type', 'bearer');
  url.searchParams.set('challenge', options.challenge);
  url.searchParams.set('vc_request_url', options.vcRequestUrl);
  return url.toString();
}
