// A minimal protocol-buffers wire-format reader: splits a message into (field number, value)
// pairs and leaves meaning to the caller. Enough for Google Authenticator's migration payload
// without a protobuf runtime; groups (wire types 3/4, long deprecated) are rejected.

export type WireField =
  | { field: number; wireType: 'varint'; value: bigint }
  | { field: number; wireType: 'bytes'; value: Uint8Array }
  | { field: number; wireType: 'fixed64' | 'fixed32'; value: Uint8Array };

export class WireFormatError extends Error {
  override readonly name = 'WireFormatError';
}

export function readWireFields(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  const take = (length: number): Uint8Array => {
    if (length > bytes.length - offset) throw new WireFormatError(`data ends ${length - (bytes.length - offset)} bytes early`);
    const slice = bytes.subarray(offset, offset + length);
    offset += length;
    return slice;
  };
  const varint = (): bigint => {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (offset >= bytes.length) throw new WireFormatError('data ends inside a number');
      const byte = bytes[offset++]!;
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, value);
    }
    throw new WireFormatError('a number is longer than 10 bytes');
  };
  while (offset < bytes.length) {
    const key = varint();
    const field = Number(key >> 3n);
    if (field === 0 || field > 0x1fffffff) throw new WireFormatError(`field number ${field} is out of range`);
    switch (Number(key & 7n)) {
      case 0:
        fields.push({ field, wireType: 'varint', value: varint() });
        break;
      case 1:
        fields.push({ field, wireType: 'fixed64', value: take(8) });
        break;
      case 2: {
        const length = varint();
        if (length > BigInt(bytes.length)) throw new WireFormatError(`a ${length}-byte field is longer than the data`);
        fields.push({ field, wireType: 'bytes', value: take(Number(length)) });
        break;
      }
      case 5:
        fields.push({ field, wireType: 'fixed32', value: take(4) });
        break;
      default:
        throw new WireFormatError(`wire type ${key & 7n} is not supported`);
    }
  }
  return fields;
}
