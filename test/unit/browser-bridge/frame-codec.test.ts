import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES } from '../../../protocol/browser-channel';
import { encodeFrame, encodeRawFrame, FrameDecoder, FrameError } from '../../../main/browser-bridge/frame-codec';

function header(length: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(length, 0);
  return out;
}

function caught(fn: () => unknown): FrameError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FrameError);
    return error as FrameError;
  }
  throw new Error('expected a FrameError');
}

describe('browser channel framing (4-byte little-endian length + UTF-8 JSON)', () => {
  it('encodes the length little-endian, then the UTF-8 JSON', () => {
    const bytes = encodeFrame({ t: 'locked', name: 'é' });
    const json = '{"t":"locked","name":"é"}';
    expect(bytes.readUInt32LE(0)).toBe(Buffer.byteLength(json));
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([Buffer.byteLength(json), 0, 0, 0]));
    expect(bytes.subarray(4).toString('utf8')).toBe(json);
  });

  it('decodes frames split at every byte, and several frames in one chunk', () => {
    const frames = [{ t: 'hello', v: 1, nonce: 'abc' }, { t: 'sealed', seq: 0, iv: 'x', data: 'ü'.repeat(300) }, [1, 2, 3], 'text', 42];
    const stream = Buffer.concat(frames.map((f) => encodeFrame(f)));
    // one byte at a time
    const byByte = new FrameDecoder();
    const out: unknown[] = [];
    for (let i = 0; i < stream.length; i++) out.push(...byByte.push(stream.subarray(i, i + 1)));
    expect(out).toEqual(frames);
    expect(byByte.midFrame).toBe(false);
    // all at once
    expect(new FrameDecoder().push(stream)).toEqual(frames);
    // uneven chunks that cut headers and bodies
    for (const size of [3, 5, 7, 64]) {
      const decoder = new FrameDecoder();
      const got: unknown[] = [];
      for (let i = 0; i < stream.length; i += size) got.push(...decoder.push(stream.subarray(i, i + size)));
      expect(got).toEqual(frames);
    }
  });

  it('says when a stream stops inside a frame', () => {
    const decoder = new FrameDecoder();
    const bytes = encodeFrame({ t: 'locked' });
    expect(decoder.push(bytes.subarray(0, 2))).toEqual([]);
    expect(decoder.midFrame).toBe(true);
    expect(decoder.push(bytes.subarray(2, 6))).toEqual([]);
    expect(decoder.midFrame).toBe(true);
    expect(decoder.push(bytes.subarray(6))).toEqual([{ t: 'locked' }]);
    expect(decoder.midFrame).toBe(false);
  });

  it('accepts a frame of exactly MAX_FRAME_BYTES and refuses one byte more, from the header alone', () => {
    const json = JSON.stringify({ d: 'a'.repeat(MAX_FRAME_BYTES - 8) });
    expect(Buffer.byteLength(json)).toBe(MAX_FRAME_BYTES);
    expect(new FrameDecoder().push(encodeFrame(JSON.parse(json)))).toEqual([JSON.parse(json)]);

    const over = { d: 'a'.repeat(MAX_FRAME_BYTES - 7) };
    expect(caught(() => encodeFrame(over)).code).toBe('PAYLOAD_TOO_LARGE');

    // The decoder refuses as soon as the length is read, before any of the body arrives.
    const decoder = new FrameDecoder();
    const error = caught(() => decoder.push(header(MAX_FRAME_BYTES + 1)));
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toContain(String(MAX_FRAME_BYTES + 1));
    // and stays failed: the stream is out of step
    expect(caught(() => decoder.push(Buffer.from('{}'))).code).toBe('PAYLOAD_TOO_LARGE');
    // a 4 GiB claim is refused the same way (nothing is allocated for it)
    expect(caught(() => new FrameDecoder().push(header(0xffffffff))).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('honours a smaller limit given to the decoder and the encoder', () => {
    expect(caught(() => new FrameDecoder(10).push(encodeFrame({ long: 'abcdefghij' }))).code).toBe('PAYLOAD_TOO_LARGE');
    expect(caught(() => encodeFrame({ long: 'abcdefghij' }, 10)).code).toBe('PAYLOAD_TOO_LARGE');
    expect(new FrameDecoder(10).push(encodeFrame([1, 2]))).toEqual([[1, 2]]);
  });

  it('refuses a zero length, non-JSON, invalid UTF-8 — without quoting the frame', () => {
    expect(caught(() => new FrameDecoder().push(header(0))).code).toBe('INVALID_INPUT');

    const secret = 'hunter2-not-json';
    const notJson = Buffer.concat([header(secret.length), Buffer.from(secret)]);
    const error = caught(() => new FrameDecoder().push(notJson));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/not JSON/);
    expect(error.message).not.toContain('hunter2');

    const badUtf8 = Buffer.from([0x22, 0xc3, 0x28, 0x22]); // "\xc3(" — a broken two-byte sequence
    expect(caught(() => new FrameDecoder().push(Buffer.concat([header(badUtf8.length), badUtf8]))).message).toMatch(/UTF-8/);

    // A bad frame after a good one in the same chunk fails the chunk (the connection is closed anyway).
    expect(caught(() => new FrameDecoder().push(Buffer.concat([encodeFrame({ ok: 1 }), notJson]))).code).toBe('INVALID_INPUT');
  });

  it('refuses to encode what is not JSON', () => {
    expect(caught(() => encodeFrame(undefined)).code).toBe('INVALID_INPUT');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(caught(() => encodeFrame(cyclic)).code).toBe('INVALID_INPUT');
    expect(caught(() => encodeRawFrame(new Uint8Array(0))).code).toBe('INVALID_INPUT');
  });

  it('pushRaw returns the bodies byte for byte (forwarded verbatim), after checking they are JSON', () => {
    const body = Buffer.from('{ "t" : "hello",  "n": 1e2 }'); // spacing and number form a re-encode would change
    const decoder = new FrameDecoder();
    const [raw] = decoder.pushRaw(encodeRawFrame(body));
    expect(raw).toEqual(body);
    expect(encodeRawFrame(raw!)).toEqual(Buffer.concat([header(body.length), body]));
    expect(caught(() => new FrameDecoder().pushRaw(Buffer.concat([header(3), Buffer.from('{x}')]))).code).toBe('INVALID_INPUT');
  });
});
