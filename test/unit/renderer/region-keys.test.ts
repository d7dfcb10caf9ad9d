// The screen-capture selection from the keyboard (renderer/src/mfa/region-keys.ts).
import { describe, expect, it } from 'vitest';
import { regionAfterKey, START_REGION } from '../../../renderer/src/mfa/region-keys';

const key = (name: string, mods: { shiftKey?: boolean; altKey?: boolean } = {}) => ({ key: name, shiftKey: false, altKey: false, ...mods });

describe('regionAfterKey', () => {
  it('places a rectangle in the middle on the first arrow, and ignores other keys', () => {
    expect(regionAfterKey(null, key('ArrowRight'))).toEqual(START_REGION);
    expect(regionAfterKey(START_REGION, key('a'))).toBeUndefined();
    expect(regionAfterKey(null, key('Enter'))).toBeUndefined();
  });

  it('moves with arrows, in fine steps with Alt, and never leaves the capture', () => {
    const moved = regionAfterKey(START_REGION, key('ArrowRight'))!;
    expect(moved.x).toBeCloseTo(0.37);
    expect(moved.width).toBe(START_REGION.width);
    expect(regionAfterKey(START_REGION, key('ArrowUp', { altKey: true }))!.y).toBeCloseTo(0.345);
    let region = START_REGION;
    for (let i = 0; i < 100; i++) region = regionAfterKey(region, key('ArrowLeft'))!;
    expect(region.x).toBe(0);
    for (let i = 0; i < 100; i++) region = regionAfterKey(region, key('ArrowDown'))!;
    expect(region.y + region.height).toBeCloseTo(1);
  });

  it('sizes with Shift+arrows, never below a minimum or past the edge', () => {
    expect(regionAfterKey(START_REGION, key('ArrowRight', { shiftKey: true }))!.width).toBeCloseTo(0.32);
    let region = START_REGION;
    for (let i = 0; i < 100; i++) region = regionAfterKey(region, key('ArrowLeft', { shiftKey: true }))!;
    expect(region.width).toBeCloseTo(0.02);
    for (let i = 0; i < 100; i++) region = regionAfterKey(region, key('ArrowDown', { shiftKey: true }))!;
    expect(region.y + region.height).toBeCloseTo(1);
    expect(region.x).toBe(START_REGION.x);
  });
});
