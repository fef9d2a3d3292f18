'use strict';

/**
 * A small synchronous event emitter for the plugin host.
 *
 * - Listeners run in registration order.
 * - emit() works on a snapshot: listeners added or removed during an emit take effect from the
 *   next emit on.
 * - A listener that throws stops the emit; the error propagates to the emit() caller.
 */
class Emitter {
  constructor() {
    this.listeners = new Map();
  }

  on(event, listener) {
    if (typeof listener !== 'function') {
      throw new TypeError('listener must be a function');
    }
    if (!this.listeners.has(event)) {
      this.listeners.set(event, []);
    }
    this.listeners.get(event).push(listener);
    return this;
  }

  /** Remove one registration of `listener` (the earliest one) for `event`. */
  off(event, listener) {
    const list = this.listeners.get(event);
    if (!list) return this;
    const index = list.indexOf(listener);
    if (index !== -1) {
      list.splice(index, 1);
    }
    if (list.length === 0) {
      this.listeners.delete(event);
    }
    return this;
  }

  /** Call every listener of `event` with `args`. Returns true if there were listeners. */
  emit(event, ...args) {
    const list = this.listeners.get(event);
    if (!list || list.length === 0) return false;
    for (const listener of [...list]) {
      listener.apply(this, args);
    }
    return true;
  }

  listenerCount(event) {
    const list = this.listeners.get(event);
    return list ? list.length : 0;
  }
}

module.exports = { Emitter };
