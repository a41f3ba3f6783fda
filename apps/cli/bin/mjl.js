#!/usr/bin/env node
import module from 'node:module';

// Node ≥ 22.1 keeps the compiled code of every module between runs (start-up is mostly loading
// modules); older versions start without it.
module.enableCompileCache?.();
await import('../dist/main.js');
