'use strict';

const { TokenBucket } = require('./tokenBucket');

/** One bucket per client key, created on first use. */
class Throttle {
  constructor(options) {
    this.options = options;
    this.buckets = new Map();
  }

  check(key, cost = 1) {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.options);
      this.buckets.set(key, bucket);
    }
    const allowed = bucket.tryRemove(cost);
    return { allowed, retryAfterMs: allowed ? 0 : bucket.msUntilAvailable(cost) };
  }
}

module.exports = { TokenBucket, Throttle };
