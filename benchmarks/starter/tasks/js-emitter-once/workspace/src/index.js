'use strict';

module.exports = require('./emitter');
