import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problems } from '../problem.ts';

/**
 * One limit under every route, whatever it reads: a route that forgets its
 * own still cannot be made to buffer more than the largest body the service
 * accepts anywhere (the batch endpoint's). Routes keep their tighter limits.
 */
export function bodyCap(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw problems.payloadTooLarge(maxBytes);
    },
  });
}
