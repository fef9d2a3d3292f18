'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { TokenBucket, Throttle } = require('../src/index');

function fakeClock(start = 1_000_000) {
  let t = start;
  const now = () => t;
  now.advance = (ms) => {
    t += ms;
  };
  return now;
}

test('starts full and runs dry', () => {
  const now = fakeClock();
  const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 1, now });
  assert.equal(bucket.tryRemove(), true);
  assert.equal(bucket.tryRemove(), true);
  assert.equal(bucket.tryRemove(), true);
  assert.equal(bucket.tryRemove(), false);
});

test('refills over time', () => {
  const now = fakeClock();
  const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 2, now });
  bucket.tryRemove(2);
  assert.equal(bucket.tryRemove(), false);
  now.advance(500);
  assert.equal(bucket.tryRemove(), true);
  assert.equal(bucket.tryRemove(), false);
});

test('validates options', () => {
  assert.throws(() => new TokenBucket({ capacity: 0, refillPerSecond: 1 }), RangeError);
  assert.throws(() => new TokenBucket({ capacity: 1, refillPerSecond: 0 }), RangeError);
});

test('a long idle period does not allow more than capacity', () => {
  const now = fakeClock();
  const bucket = new TokenBucket({ capacity: 5, refillPerSecond: 1, now });
  now.advance(60_000);
  let allowed = 0;
  while (bucket.tryRemove()) allowed += 1;
  assert.equal(allowed, 5);
});

test('available never exceeds capacity', () => {
  const now = fakeClock();
  const bucket = new TokenBucket({ capacity: 10, refillPerSecond: 4, now });
  now.advance(3_600_000);
  assert.equal(bucket.available(), 10);
  bucket.tryRemove(4);
  assert.equal(bucket.available(), 6);
});

test('partially drained bucket tops up to capacity only', () => {
  const now = fakeClock();
  const bucket = new TokenBucket({ capacity: 4, refillPerSecond: 1, now });
  bucket.tryRemove(3);
  now.advance(10_000);
  assert.equal(bucket.available(), 4);
  assert.equal(bucket.tryRemove(4), true);
  assert.equal(bucket.tryRemove(1), false);
  assert.equal(bucket.msUntilAvailable(1), 1000);
});

test('throttle per key after idle time', () => {
  const now = fakeClock();
  const throttle = new Throttle({ capacity: 2, refillPerSecond: 1, now });
  assert.equal(throttle.check('alice').allowed, true);
  now.advance(120_000);
  const results = [1, 2, 3].map(() => throttle.check('alice'));
  assert.deepEqual(results.map((r) => r.allowed), [true, true, false]);
  assert.equal(results[2].retryAfterMs, 1000);
  assert.equal(throttle.check('bob').allowed, true);
});

test('cost larger than capacity is rejected', () => {
  const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 1, now: fakeClock() });
  assert.throws(() => bucket.tryRemove(3), RangeError);
});
