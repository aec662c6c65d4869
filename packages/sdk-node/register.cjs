'use strict';
// CommonJS face of @spool/sdk-node/register, for `node --require`. It loads the
// ES module build with require(esm) (Node >= 20.19; the module has no top-level
// await), so both entries share one module instance and one tracing handle.
module.exports = require('./dist/bundle/register.js');
