// Size limits shared by schemas: a hostile renderer must not make the main process
// allocate or scan without bound.
import { z } from 'zod';

export const MAX_PAYLOAD_BYTES = 1_000_000;
export const MAX_SHORT_TEXT = 1_000;
export const MAX_LONG_TEXT = 100_000;
export const MAX_SECRET = 10_000;

export const shortText = z.string().max(MAX_SHORT_TEXT);
export const longText = z.string().max(MAX_LONG_TEXT);
export const secretText = z.string().max(MAX_SECRET);
export const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id');
