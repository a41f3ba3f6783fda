// pbjs wrapper of src/schema.generated.ts (scripts/embed-proto.mjs). protobufjs is CommonJS: pbjs's
// own es6 wrapper imports it as a namespace, which under Node holds only `default`, and an ES import
// of a CommonJS package costs Node a parse of it for named exports (nodejs/node#59913). Required.
import { createRequire } from 'node:module';

const $protobuf = createRequire(import.meta.url)($DEPENDENCY);

// Timestamps in µs fit in a double until the year 2255; plain numbers keep the hot path free of Long
// objects. Set before the message types below take their default values.
$protobuf.util.Long = undefined;
$protobuf.configure();

$OUTPUT;
