import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical';

describe('canonicalJson', () => {
  it('sorts keys at every depth, inside arrays too, with no white space', () => {
    const value = { b: 1, a: { d: [{ z: 1, y: null }, 'x'], c: 'é' } };
    expect(canonicalJson(value)).toBe('{"a":{"c":"é","d":[{"y":null,"z":1},"x"]},"b":1}');
  });

  it('leaves out keys whose value is undefined', () => {
    expect(canonicalJson({ b: undefined, a: 1 })).toBe('{"a":1}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('gives canonical text back unchanged, and does not change its input', () => {
    const text = '{"a":[1,{"b":2,"c":[3]}],"d":{"e":"f"}}';
    expect(canonicalJson(JSON.parse(text))).toBe(text);
    const input = { z: { y: 1, x: 2 }, a: [{ d: 1, c: 2 }] };
    canonicalJson(input);
    expect(Object.keys(input)).toEqual(['z', 'a']);
    expect(Object.keys(input.z)).toEqual(['y', 'x']);
  });

  it('sorts a changed child even when its parent is in order', () => {
    expect(canonicalJson({ a: { c: 1, b: 2 }, b: [{ y: 1, x: 2 }] })).toBe(
      '{"a":{"b":2,"c":1},"b":[{"x":2,"y":1}]}',
    );
  });
});
