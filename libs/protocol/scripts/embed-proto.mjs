#!/usr/bin/env node
// Writes src/schema.generated.ts from proto/mjl.proto, so that the library parses its schema without
// reading files at run time. `npm run -w libs/protocol embed` after editing the .proto (a test checks).
import { readFileSync, writeFileSync } from 'node:fs';

const proto = readFileSync(new URL('../proto/mjl.proto', import.meta.url), 'utf8');
writeFileSync(
  new URL('../src/schema.generated.ts', import.meta.url),
  `// Generated from proto/mjl.proto by scripts/embed-proto.mjs: edit the .proto, then run it.\nexport const MJL_PROTO = ${JSON.stringify(proto)};\n`,
);
