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
