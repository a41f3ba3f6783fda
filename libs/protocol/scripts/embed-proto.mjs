#!/usr/bin/env node
// Writes src/schema.generated.ts from proto/mjl.proto: protobufjs's static code (pbjs -t static-module)
// over protobufjs/minimal, so that nothing reads or parses the schema at run time and no decoder is
// generated on first use (~60 ms of `mjl devices`). `npm run -w libs/protocol embed` after editing the
// .proto (a test checks the recorded hash).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pbjs } from 'protobufjs-cli';

const protoPath = fileURLToPath(new URL('../proto/mjl.proto', import.meta.url));
const protoSha256 = createHash('sha256').update(readFileSync(protoPath)).digest('hex');

// Decoders, encoders, verifiers and toObject, as the codecs use them; nothing for reflection or services.
const args = [
  '--target', 'static-module',
  '--wrap', fileURLToPath(new URL('esm-wrapper.js', import.meta.url)),
  '--es6',
  '--dependency', 'protobufjs/minimal.js',
  '--force-number',
  '--no-create',
  '--no-delimited',
  '--no-typeurl',
  '--no-service',
  '--no-comments',
  protoPath,
];

const code = await new Promise((resolve, reject) => pbjs.main(args, (error, output) => (error ? reject(error) : resolve(output))));
writeFileSync(
  new URL('../src/schema.generated.ts', import.meta.url),
  `// Generated from proto/mjl.proto by scripts/embed-proto.mjs (pbjs static code): edit the .proto, then run it.
// proto/mjl.proto sha256 ${protoSha256}
// @ts-nocheck: protobufjs's generated JavaScript; codec.ts gives it its types.
${code}`,
);
