// One-time codes into one field or into single-character boxes.
import { describe, expect, it } from 'vitest';
import { normalizeCode, splitCode } from '../../../extension/common/otp';

describe('OTP codes', () => {
  it('drops spaces and dashes, refuses anything else', () => {
    expect(normalizeCode('123 456')).toBe('123456');
    expect(normalizeCode('123-456')).toBe('123456');
    expect(normalizeCode(' A1B2C3 ')).toBe('A1B2C3');
    expect(normalizeCode('12')).toBeNull();
    expect(normalizeCode('12345<script>')).toBeNull();
    expect(normalizeCode('')).toBeNull();
  });

  it('gives one character per box when the counts match', () => {
    expect(splitCode('123456', 6)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(splitCode('123 456', 6)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(splitCode('12345678', 8)).toHaveLength(8);
  });

  it('never squeezes a code into a different number of boxes', () => {
    expect(splitCode('123456', 4)).toBeNull();
    expect(splitCode('123456', 8)).toBeNull();
    expect(splitCode('123456', 0)).toBeNull();
  });
});
