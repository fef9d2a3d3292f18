'use strict';

/**
 * Token bucket rate limiter.
 *
 * The bucket holds at most `capacity` tokens and starts full. Tokens are added continuously at
 * `refillPerSecond`; a request takes `cost` tokens if that many are available. Time comes from
 * `now()` (milliseconds), so callers and tests can control the clock.
 */
class TokenBucket {
  constructor({ capacity, refillPerSecond, now = Date.now }) {
    if (!(capacity > 0)) throw new RangeError('capacity must be positive');
    if (!(refillPerSecond > 0)) throw new RangeError('refillPerSecond must be positive');
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    this.now = now;
    this.tokens = capacity;
    this.lastRefill = now();
  }

  refill() {
    const current = this.now();
    const elapsedSeconds = Math.max(0, current - this.lastRefill) / 1000;
    this.tokens = this.tokens + elapsedSeconds * this.refillPerSecond;
    this.lastRefill = current;
  }

  /** Take `cost` tokens if available. Returns true when the request is allowed. */
  tryRemove(cost = 1) {
    if (cost > this.capacity) {
      throw new RangeError('cost exceeds capacity');
    }
    this.refill();
    if (this.tokens >= cost) {
      this.tokens -= cost;
      return true;
    }
    return false;
  }

  /** Milliseconds until `cost` tokens will be available (0 if they are available now). */
  msUntilAvailable(cost = 1) {
    this.refill();
    const missing = cost - this.tokens;
    return missing <= 0 ? 0 : Math.ceil((missing / this.refillPerSecond) * 1000);
  }

  available() {
    this.refill();
    return Math.floor(this.tokens);
  }
}

module.exports = { TokenBucket };
