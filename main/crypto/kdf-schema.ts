// The stored KDF parameters as a zod schema, for the parsers that take them from a file (the
// vault header, a backup's header). The shape itself is kdf.ts's isKdfParams, which has no zod
// so the KDF can start before zod loads.
import { z } from 'zod';
import { isKdfParams, type KdfParams } from './kdf';

export const KdfParamsSchema = z.custom<KdfParams>(isKdfParams, { message: 'malformed key derivation parameters' });
