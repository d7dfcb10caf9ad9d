// The framing of the browser channel, the same on both legs (browser ⇄ native host over stdio,
// native host ⇄ app over the bridge socket): a 4-byte little-endian length, then that many
// bytes of UTF-8 JSON. The decoder takes bytes in any chunking, refuses a frame over
// MAX_FRAME_BYTES as soon as its length arrives (it never buffers more than one frame's
// declared size), and refuses a zero length, invalid UTF-8 or non-JSON. Error messages
// describe the frame (its size), never its content. Node built-ins and pure modules only:
// the native host loads this and must start fast.
import { MAX_FRAME_BYTES } from '../../protocol/browser-channel';
import { TesseraError } from '../errors';

const HEADER_BYTES = 4;

/** A frame that cannot be framed or unframed: PAYLOAD_TOO_LARGE or INVALID_INPUT, no content in the message. */
export class FrameError extends TesseraError {}

/** The JSON of `frame`, prefixed by its length. Throws FrameError when it is not JSON or over `maxBytes`. */
export function encodeFrame(frame: unknown, maxBytes = MAX_FRAME_BYTES): Buffer {
  let json: string | undefined;
  try {
    json = JSON.stringify(frame);
  } catch {
    json = undefined;
  }
  if (json === undefined) throw new FrameError('INVALID_INPUT', 'A frame must be a JSON value.');
  return encodeRawFrame(Buffer.from(json, 'utf8'), maxBytes);
}

/** Prefixes an already-encoded JSON body (as the decoder's `pushRaw` returns it) with its length. */
export function encodeRawFrame(body: Uint8Array, maxBytes = MAX_FRAME_BYTES): Buffer {
  if (body.length === 0) throw new FrameError('INVALID_INPUT', 'A frame cannot be empty.');
  if (body.length > maxBytes) throw new FrameError('PAYLOAD_TOO_LARGE', `A frame of ${body.length} bytes is over the limit of ${maxBytes} bytes.`);
  const out = Buffer.allocUnsafe(HEADER_BYTES + body.length);
  out.writeUInt32LE(body.length, 0);
  out.set(body, HEADER_BYTES);
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads frames from a byte stream. After an error it stays failed (every later push throws the
 * same error): the stream is out of step and its owner closes it.
 */
export class FrameDecoder {
  private readonly header = Buffer.alloc(HEADER_BYTES);
  private headerFilled = 0;
  private body: Buffer | null = null;
  private bodyFilled = 0;
  private failure: FrameError | null = null;

  constructor(private readonly maxBytes = MAX_FRAME_BYTES) {}

  /** The complete frames in `chunk` (with what came before), parsed. */
  push(chunk: Uint8Array): unknown[] {
    return this.read(chunk, parse);
  }

  /** The complete frames' bodies (the JSON bytes, checked to be JSON), for a process that forwards them verbatim. */
  pushRaw(chunk: Uint8Array): Buffer[] {
    return this.read(chunk, (body) => {
      parse(body);
      return body;
    });
  }

  /** Whether part of a frame is buffered (a stream that ends now ends inside a frame). */
  get midFrame(): boolean {
    return this.headerFilled > 0 || this.body !== null;
  }

  /** Every frame completed by `chunk`, through `convert`; a frame that fails fails the decoder (and the whole chunk). */
  private read<T>(chunk: Uint8Array, convert: (body: Buffer) => T): T[] {
    if (this.failure) throw this.failure;
    const frames: T[] = [];
    try {
      let offset = 0;
      while (offset < chunk.length) {
        if (this.body === null) {
          const take = Math.min(HEADER_BYTES - this.headerFilled, chunk.length - offset);
          this.header.set(chunk.subarray(offset, offset + take), this.headerFilled);
          this.headerFilled += take;
          offset += take;
          if (this.headerFilled < HEADER_BYTES) break;
          const length = this.header.readUInt32LE(0);
          if (length === 0) throw new FrameError('INVALID_INPUT', 'A frame declared a length of 0 bytes.');
          if (length > this.maxBytes) throw new FrameError('PAYLOAD_TOO_LARGE', `A frame declared ${length} bytes, over the limit of ${this.maxBytes} bytes.`);
          this.body = Buffer.allocUnsafe(length);
          this.bodyFilled = 0;
          this.headerFilled = 0;
        }
        const take = Math.min(this.body.length - this.bodyFilled, chunk.length - offset);
        this.body.set(chunk.subarray(offset, offset + take), this.bodyFilled);
        this.bodyFilled += take;
        offset += take;
        if (this.bodyFilled === this.body.length) {
          const body = this.body;
          this.body = null;
          frames.push(convert(body));
        }
      }
    } catch (error) {
      this.failure = error instanceof FrameError ? error : new FrameError('INVALID_INPUT', 'A frame could not be read.');
      this.body = null;
      this.headerFilled = 0;
      throw this.failure;
    }
    return frames;
  }
}

function parse(body: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new FrameError('INVALID_INPUT', `A frame of ${body.length} bytes is not valid UTF-8.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // JSON.parse's own message quotes the text: never passed on.
    throw new FrameError('INVALID_INPUT', `A frame of ${body.length} bytes is not JSON.`);
  }
}
