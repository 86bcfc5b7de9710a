// The project's seeded input generator (the C# side implements the same stream bit for bit).
// Mulberry32 over a uint32 state; one stream per model run, filling input 0 completely in C order, then
// input 1, and so on.

export class Mulberry32 {
  constructor(seed) {
    this.state = seed >>> 0;
  }
  next() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t = (t ^ (t + Math.imul(t ^ (t >>> 7), t | 61))) >>> 0;
    return (t ^ (t >>> 14)) >>> 0;
  }
}

// Fills a new TypedArray of `count` elements of `dtype` from the stream.
//   float32: ((next >>> 8) - 2^23) / 2^23, exactly representable, in [-1, 1)
//   int8: (next >>> 24) - 128; uint8: next >>> 24; bool: next >>> 31
//   int16, int32, int64: (next % 2001) - 1000
export function fill(rng, dtype, count) {
  switch (dtype) {
    case 'float32': {
      const a = new Float32Array(count);
      for (let i = 0; i < count; i++) a[i] = ((rng.next() >>> 8) - 8388608) / 8388608;
      return a;
    }
    case 'int8': {
      const a = new Int8Array(count);
      for (let i = 0; i < count; i++) a[i] = (rng.next() >>> 24) - 128;
      return a;
    }
    case 'uint8': {
      const a = new Uint8Array(count);
      for (let i = 0; i < count; i++) a[i] = rng.next() >>> 24;
      return a;
    }
    case 'bool': {
      const a = new Uint8Array(count);
      for (let i = 0; i < count; i++) a[i] = rng.next() >>> 31;
      return a;
    }
    case 'int16': {
      const a = new Int16Array(count);
      for (let i = 0; i < count; i++) a[i] = (rng.next() % 2001) - 1000;
      return a;
    }
    case 'int32': {
      const a = new Int32Array(count);
      for (let i = 0; i < count; i++) a[i] = (rng.next() % 2001) - 1000;
      return a;
    }
    case 'int64': {
      const a = new BigInt64Array(count);
      for (let i = 0; i < count; i++) a[i] = BigInt((rng.next() % 2001) - 1000);
      return a;
    }
    default:
      throw new Error(`generator: unsupported input dtype ${dtype}`);
  }
}
