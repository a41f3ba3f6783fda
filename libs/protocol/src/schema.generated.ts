// Generated from proto/mjl.proto by scripts/embed-proto.mjs (pbjs static code): edit the .proto, then run it.
// proto/mjl.proto sha256 7574c473cc9b92c5d8ccd9d6a1f6289a52ab84a3ce162bb764b856a6660e6462
// @ts-nocheck: protobufjs's generated JavaScript; codec.ts gives it its types.
/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars*/
// pbjs wrapper of src/schema.generated.ts (scripts/embed-proto.mjs). protobufjs is CommonJS: pbjs's
// own es6 wrapper imports it as a namespace, which under Node holds only `default`, and an ES import
// of a CommonJS package costs Node a parse of it for named exports (nodejs/node#59913). Required.
import { createRequire } from 'node:module';

const $protobuf = createRequire(import.meta.url)("protobufjs/minimal.js");

// Timestamps in µs fit in a double until the year 2255; plain numbers keep the hot path free of Long
// objects. Set before the message types below take their default values.
$protobuf.util.Long = undefined;
$protobuf.configure();

const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;

const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const mjl = $root.mjl = (() => {

    const mjl = {};

    mjl.v1 = (function() {

        const v1 = {};

        v1.Protocol = (function() {
            const valuesById = {}, values = Object.create(valuesById);
            values[valuesById[0] = "PROTOCOL_UNSPECIFIED"] = 0;
            values[valuesById[1] = "GPIO"] = 1;
            values[valuesById[2] = "BLE"] = 2;
            values[valuesById[3] = "SERIAL"] = 3;
            return values;
        })();

        v1.Direction = (function() {
            const valuesById = {}, values = Object.create(valuesById);
            values[valuesById[0] = "DIRECTION_UNSPECIFIED"] = 0;
            values[valuesById[1] = "INPUT"] = 1;
            values[valuesById[2] = "OUTPUT"] = 2;
            values[valuesById[3] = "LOG"] = 3;
            return values;
        })();

        v1.GatewayState = (function() {

            function GatewayState(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            GatewayState.prototype.schemaVersion = 0;
            GatewayState.prototype.online = false;
            GatewayState.prototype.site = "";
            GatewayState.prototype.gateway = "";
            GatewayState.prototype.softwareVersion = "";
            GatewayState.prototype.birthSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;
            GatewayState.prototype.timestampUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;
            GatewayState.prototype.keepaliveS = 0;

            GatewayState.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    writer.uint32(8).uint32(message.schemaVersion);
                if (message.online != null && Object.hasOwnProperty.call(message, "online"))
                    writer.uint32(16).bool(message.online);
                if (message.site != null && Object.hasOwnProperty.call(message, "site"))
                    writer.uint32(26).string(message.site);
                if (message.gateway != null && Object.hasOwnProperty.call(message, "gateway"))
                    writer.uint32(34).string(message.gateway);
                if (message.softwareVersion != null && Object.hasOwnProperty.call(message, "softwareVersion"))
                    writer.uint32(42).string(message.softwareVersion);
                if (message.birthSeq != null && Object.hasOwnProperty.call(message, "birthSeq"))
                    writer.uint32(48).uint64(message.birthSeq);
                if (message.timestampUs != null && Object.hasOwnProperty.call(message, "timestampUs"))
                    writer.uint32(56).uint64(message.timestampUs);
                if (message.keepaliveS != null && Object.hasOwnProperty.call(message, "keepaliveS"))
                    writer.uint32(64).uint32(message.keepaliveS);
                return writer;
            };

            GatewayState.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.GatewayState();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.schemaVersion = reader.uint32();
                            break;
                        }
                    case 2: {
                            message.online = reader.bool();
                            break;
                        }
                    case 3: {
                            message.site = reader.string();
                            break;
                        }
                    case 4: {
                            message.gateway = reader.string();
                            break;
                        }
                    case 5: {
                            message.softwareVersion = reader.string();
                            break;
                        }
                    case 6: {
                            message.birthSeq = reader.uint64();
                            break;
                        }
                    case 7: {
                            message.timestampUs = reader.uint64();
                            break;
                        }
                    case 8: {
                            message.keepaliveS = reader.uint32();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            GatewayState.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    if (!$util.isInteger(message.schemaVersion))
                        return "schemaVersion: integer expected";
                if (message.online != null && Object.hasOwnProperty.call(message, "online"))
                    if (typeof message.online !== "boolean")
                        return "online: boolean expected";
                if (message.site != null && Object.hasOwnProperty.call(message, "site"))
                    if (!$util.isString(message.site))
                        return "site: string expected";
                if (message.gateway != null && Object.hasOwnProperty.call(message, "gateway"))
                    if (!$util.isString(message.gateway))
                        return "gateway: string expected";
                if (message.softwareVersion != null && Object.hasOwnProperty.call(message, "softwareVersion"))
                    if (!$util.isString(message.softwareVersion))
                        return "softwareVersion: string expected";
                if (message.birthSeq != null && Object.hasOwnProperty.call(message, "birthSeq"))
                    if (!$util.isInteger(message.birthSeq) && !(message.birthSeq && $util.isInteger(message.birthSeq.low) && $util.isInteger(message.birthSeq.high)))
                        return "birthSeq: integer|Long expected";
                if (message.timestampUs != null && Object.hasOwnProperty.call(message, "timestampUs"))
                    if (!$util.isInteger(message.timestampUs) && !(message.timestampUs && $util.isInteger(message.timestampUs.low) && $util.isInteger(message.timestampUs.high)))
                        return "timestampUs: integer|Long expected";
                if (message.keepaliveS != null && Object.hasOwnProperty.call(message, "keepaliveS"))
                    if (!$util.isInteger(message.keepaliveS))
                        return "keepaliveS: integer expected";
                return null;
            };

            GatewayState.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.GatewayState)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.GatewayState: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.GatewayState();
                if (object.schemaVersion != null)
                    message.schemaVersion = object.schemaVersion >>> 0;
                if (object.online != null)
                    message.online = Boolean(object.online);
                if (object.site != null)
                    message.site = String(object.site);
                if (object.gateway != null)
                    message.gateway = String(object.gateway);
                if (object.softwareVersion != null)
                    message.softwareVersion = String(object.softwareVersion);
                if (object.birthSeq != null)
                    if ($util.Long)
                        message.birthSeq = $util.Long.fromValue(object.birthSeq, true);
                    else if (typeof object.birthSeq === "string")
                        message.birthSeq = parseInt(object.birthSeq, 10);
                    else if (typeof object.birthSeq === "number")
                        message.birthSeq = object.birthSeq;
                    else if (typeof object.birthSeq === "object")
                        message.birthSeq = new $util.LongBits(object.birthSeq.low >>> 0, object.birthSeq.high >>> 0).toNumber(true);
                if (object.timestampUs != null)
                    if ($util.Long)
                        message.timestampUs = $util.Long.fromValue(object.timestampUs, true);
                    else if (typeof object.timestampUs === "string")
                        message.timestampUs = parseInt(object.timestampUs, 10);
                    else if (typeof object.timestampUs === "number")
                        message.timestampUs = object.timestampUs;
                    else if (typeof object.timestampUs === "object")
                        message.timestampUs = new $util.LongBits(object.timestampUs.low >>> 0, object.timestampUs.high >>> 0).toNumber(true);
                if (object.keepaliveS != null)
                    message.keepaliveS = object.keepaliveS >>> 0;
                return message;
            };

            GatewayState.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.schemaVersion = 0;
                    object.online = false;
                    object.site = "";
                    object.gateway = "";
                    object.softwareVersion = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.birthSeq = options.longs === String ? long.toString() : options.longs === Number ? long.toNumber() : typeof BigInt !== "undefined" && options.longs === BigInt ? long.toBigInt() : long;
                    } else
                        object.birthSeq = options.longs === String ? "0" : typeof BigInt !== "undefined" && options.longs === BigInt ? BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.timestampUs = options.longs === String ? long.toString() : options.longs === Number ? long.toNumber() : typeof BigInt !== "undefined" && options.longs === BigInt ? long.toBigInt() : long;
                    } else
                        object.timestampUs = options.longs === String ? "0" : typeof BigInt !== "undefined" && options.longs === BigInt ? BigInt("0") : 0;
                    object.keepaliveS = 0;
                }
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    object.schemaVersion = message.schemaVersion;
                if (message.online != null && Object.hasOwnProperty.call(message, "online"))
                    object.online = message.online;
                if (message.site != null && Object.hasOwnProperty.call(message, "site"))
                    object.site = message.site;
                if (message.gateway != null && Object.hasOwnProperty.call(message, "gateway"))
                    object.gateway = message.gateway;
                if (message.softwareVersion != null && Object.hasOwnProperty.call(message, "softwareVersion"))
                    object.softwareVersion = message.softwareVersion;
                if (message.birthSeq != null && Object.hasOwnProperty.call(message, "birthSeq"))
                    if (typeof BigInt !== "undefined" && options.longs === BigInt)
                        object.birthSeq = typeof message.birthSeq === "number" ? BigInt(message.birthSeq) : $util.Long.fromBits(message.birthSeq.low >>> 0, message.birthSeq.high >>> 0, true).toBigInt();
                    else if (typeof message.birthSeq === "number")
                        object.birthSeq = options.longs === String ? String(message.birthSeq) : message.birthSeq;
                    else
                        object.birthSeq = options.longs === String ? $util.Long.prototype.toString.call(message.birthSeq) : options.longs === Number ? new $util.LongBits(message.birthSeq.low >>> 0, message.birthSeq.high >>> 0).toNumber(true) : message.birthSeq;
                if (message.timestampUs != null && Object.hasOwnProperty.call(message, "timestampUs"))
                    if (typeof BigInt !== "undefined" && options.longs === BigInt)
                        object.timestampUs = typeof message.timestampUs === "number" ? BigInt(message.timestampUs) : $util.Long.fromBits(message.timestampUs.low >>> 0, message.timestampUs.high >>> 0, true).toBigInt();
                    else if (typeof message.timestampUs === "number")
                        object.timestampUs = options.longs === String ? String(message.timestampUs) : message.timestampUs;
                    else
                        object.timestampUs = options.longs === String ? $util.Long.prototype.toString.call(message.timestampUs) : options.longs === Number ? new $util.LongBits(message.timestampUs.low >>> 0, message.timestampUs.high >>> 0).toNumber(true) : message.timestampUs;
                if (message.keepaliveS != null && Object.hasOwnProperty.call(message, "keepaliveS"))
                    object.keepaliveS = message.keepaliveS;
                return object;
            };

            GatewayState.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return GatewayState;
        })();

        v1.BleAddress = (function() {

            function BleAddress(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            BleAddress.prototype.serviceUuid = "";
            BleAddress.prototype.characteristicUuid = "";
            BleAddress.prototype.peripheral = "";

            BleAddress.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.serviceUuid != null && Object.hasOwnProperty.call(message, "serviceUuid"))
                    writer.uint32(10).string(message.serviceUuid);
                if (message.characteristicUuid != null && Object.hasOwnProperty.call(message, "characteristicUuid"))
                    writer.uint32(18).string(message.characteristicUuid);
                if (message.peripheral != null && Object.hasOwnProperty.call(message, "peripheral"))
                    writer.uint32(26).string(message.peripheral);
                return writer;
            };

            BleAddress.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.BleAddress();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.serviceUuid = reader.string();
                            break;
                        }
                    case 2: {
                            message.characteristicUuid = reader.string();
                            break;
                        }
                    case 3: {
                            message.peripheral = reader.string();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            BleAddress.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.serviceUuid != null && Object.hasOwnProperty.call(message, "serviceUuid"))
                    if (!$util.isString(message.serviceUuid))
                        return "serviceUuid: string expected";
                if (message.characteristicUuid != null && Object.hasOwnProperty.call(message, "characteristicUuid"))
                    if (!$util.isString(message.characteristicUuid))
                        return "characteristicUuid: string expected";
                if (message.peripheral != null && Object.hasOwnProperty.call(message, "peripheral"))
                    if (!$util.isString(message.peripheral))
                        return "peripheral: string expected";
                return null;
            };

            BleAddress.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.BleAddress)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.BleAddress: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.BleAddress();
                if (object.serviceUuid != null)
                    message.serviceUuid = String(object.serviceUuid);
                if (object.characteristicUuid != null)
                    message.characteristicUuid = String(object.characteristicUuid);
                if (object.peripheral != null)
                    message.peripheral = String(object.peripheral);
                return message;
            };

            BleAddress.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.serviceUuid = "";
                    object.characteristicUuid = "";
                    object.peripheral = "";
                }
                if (message.serviceUuid != null && Object.hasOwnProperty.call(message, "serviceUuid"))
                    object.serviceUuid = message.serviceUuid;
                if (message.characteristicUuid != null && Object.hasOwnProperty.call(message, "characteristicUuid"))
                    object.characteristicUuid = message.characteristicUuid;
                if (message.peripheral != null && Object.hasOwnProperty.call(message, "peripheral"))
                    object.peripheral = message.peripheral;
                return object;
            };

            BleAddress.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return BleAddress;
        })();

        v1.GpioAddress = (function() {

            function GpioAddress(properties) {
                this.dataPins = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            GpioAddress.prototype.strobePin = 0;
            GpioAddress.prototype.dataPins = $util.emptyArray;

            GpioAddress.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.strobePin != null && Object.hasOwnProperty.call(message, "strobePin"))
                    writer.uint32(8).uint32(message.strobePin);
                if (message.dataPins != null && message.dataPins.length) {
                    writer.uint32(18).fork();
                    for (let i = 0; i < message.dataPins.length; ++i)
                        writer.uint32(message.dataPins[i]);
                    writer.ldelim();
                }
                return writer;
            };

            GpioAddress.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.GpioAddress();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.strobePin = reader.uint32();
                            break;
                        }
                    case 2: {
                            if (!(message.dataPins && message.dataPins.length))
                                message.dataPins = [];
                            if ((tag & 7) === 2) {
                                let end2 = reader.uint32() + reader.pos;
                                if (end2 > reader.len)
                                    throw RangeError("index out of range");
                                reader.len = end2;
                                while (reader.pos < end2)
                                    message.dataPins.push(reader.uint32());
                                if (reader.pos !== end2)
                                    throw RangeError("index out of range");
                                reader.len = end;
                            } else
                                message.dataPins.push(reader.uint32());
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            GpioAddress.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.strobePin != null && Object.hasOwnProperty.call(message, "strobePin"))
                    if (!$util.isInteger(message.strobePin))
                        return "strobePin: integer expected";
                if (message.dataPins != null && Object.hasOwnProperty.call(message, "dataPins")) {
                    if (!Array.isArray(message.dataPins))
                        return "dataPins: array expected";
                    for (let i = 0; i < message.dataPins.length; ++i)
                        if (!$util.isInteger(message.dataPins[i]))
                            return "dataPins: integer[] expected";
                }
                return null;
            };

            GpioAddress.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.GpioAddress)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.GpioAddress: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.GpioAddress();
                if (object.strobePin != null)
                    message.strobePin = object.strobePin >>> 0;
                if (object.dataPins) {
                    if (!Array.isArray(object.dataPins))
                        throw TypeError(".mjl.v1.GpioAddress.dataPins: array expected");
                    message.dataPins = [];
                    for (let i = 0; i < object.dataPins.length; ++i)
                        message.dataPins[i] = object.dataPins[i] >>> 0;
                }
                return message;
            };

            GpioAddress.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.dataPins = [];
                if (options.defaults)
                    object.strobePin = 0;
                if (message.strobePin != null && Object.hasOwnProperty.call(message, "strobePin"))
                    object.strobePin = message.strobePin;
                if (message.dataPins && message.dataPins.length) {
                    object.dataPins = [];
                    for (let j = 0; j < message.dataPins.length; ++j)
                        object.dataPins[j] = message.dataPins[j];
                }
                return object;
            };

            GpioAddress.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return GpioAddress;
        })();

        v1.SerialAddress = (function() {

            function SerialAddress(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            SerialAddress.prototype.path = "";
            SerialAddress.prototype.baudRate = 0;

            SerialAddress.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.path != null && Object.hasOwnProperty.call(message, "path"))
                    writer.uint32(10).string(message.path);
                if (message.baudRate != null && Object.hasOwnProperty.call(message, "baudRate"))
                    writer.uint32(16).uint32(message.baudRate);
                return writer;
            };

            SerialAddress.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.SerialAddress();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.path = reader.string();
                            break;
                        }
                    case 2: {
                            message.baudRate = reader.uint32();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            SerialAddress.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.path != null && Object.hasOwnProperty.call(message, "path"))
                    if (!$util.isString(message.path))
                        return "path: string expected";
                if (message.baudRate != null && Object.hasOwnProperty.call(message, "baudRate"))
                    if (!$util.isInteger(message.baudRate))
                        return "baudRate: integer expected";
                return null;
            };

            SerialAddress.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.SerialAddress)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.SerialAddress: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.SerialAddress();
                if (object.path != null)
                    message.path = String(object.path);
                if (object.baudRate != null)
                    message.baudRate = object.baudRate >>> 0;
                return message;
            };

            SerialAddress.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.path = "";
                    object.baudRate = 0;
                }
                if (message.path != null && Object.hasOwnProperty.call(message, "path"))
                    object.path = message.path;
                if (message.baudRate != null && Object.hasOwnProperty.call(message, "baudRate"))
                    object.baudRate = message.baudRate;
                return object;
            };

            SerialAddress.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return SerialAddress;
        })();

        v1.StreamInfo = (function() {

            function StreamInfo(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            StreamInfo.prototype.id = "";
            StreamInfo.prototype.direction = 0;
            StreamInfo.prototype.protocol = 0;
            StreamInfo.prototype.ble = null;
            StreamInfo.prototype.gpio = null;
            StreamInfo.prototype.serial = null;

            let $oneOfFields;

            Object.defineProperty(StreamInfo.prototype, "address", {
                get: $util.oneOfGetter($oneOfFields = ["ble", "gpio", "serial"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            StreamInfo.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.id != null && Object.hasOwnProperty.call(message, "id"))
                    writer.uint32(10).string(message.id);
                if (message.direction != null && Object.hasOwnProperty.call(message, "direction"))
                    writer.uint32(16).int32(message.direction);
                if (message.protocol != null && Object.hasOwnProperty.call(message, "protocol"))
                    writer.uint32(24).int32(message.protocol);
                if (message.ble != null && Object.hasOwnProperty.call(message, "ble"))
                    $root.mjl.v1.BleAddress.encode(message.ble, writer.uint32(34).fork(), q + 1).ldelim();
                if (message.gpio != null && Object.hasOwnProperty.call(message, "gpio"))
                    $root.mjl.v1.GpioAddress.encode(message.gpio, writer.uint32(42).fork(), q + 1).ldelim();
                if (message.serial != null && Object.hasOwnProperty.call(message, "serial"))
                    $root.mjl.v1.SerialAddress.encode(message.serial, writer.uint32(50).fork(), q + 1).ldelim();
                return writer;
            };

            StreamInfo.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.StreamInfo();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.id = reader.string();
                            break;
                        }
                    case 2: {
                            message.direction = reader.int32();
                            break;
                        }
                    case 3: {
                            message.protocol = reader.int32();
                            break;
                        }
                    case 4: {
                            message.ble = $root.mjl.v1.BleAddress.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 5: {
                            message.gpio = $root.mjl.v1.GpioAddress.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 6: {
                            message.serial = $root.mjl.v1.SerialAddress.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            StreamInfo.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                let properties = {};
                if (message.id != null && Object.hasOwnProperty.call(message, "id"))
                    if (!$util.isString(message.id))
                        return "id: string expected";
                if (message.direction != null && Object.hasOwnProperty.call(message, "direction"))
                    switch (message.direction) {
                    default:
                        return "direction: enum value expected";
                    case 0:
                    case 1:
                    case 2:
                    case 3:
                        break;
                    }
                if (message.protocol != null && Object.hasOwnProperty.call(message, "protocol"))
                    switch (message.protocol) {
                    default:
                        return "protocol: enum value expected";
                    case 0:
                    case 1:
                    case 2:
                    case 3:
                        break;
                    }
                if (message.ble != null && Object.hasOwnProperty.call(message, "ble")) {
                    properties.address = 1;
                    {
                        let error = $root.mjl.v1.BleAddress.verify(message.ble, long + 1);
                        if (error)
                            return "ble." + error;
                    }
                }
                if (message.gpio != null && Object.hasOwnProperty.call(message, "gpio")) {
                    if (properties.address === 1)
                        return "address: multiple values";
                    properties.address = 1;
                    {
                        let error = $root.mjl.v1.GpioAddress.verify(message.gpio, long + 1);
                        if (error)
                            return "gpio." + error;
                    }
                }
                if (message.serial != null && Object.hasOwnProperty.call(message, "serial")) {
                    if (properties.address === 1)
                        return "address: multiple values";
                    properties.address = 1;
                    {
                        let error = $root.mjl.v1.SerialAddress.verify(message.serial, long + 1);
                        if (error)
                            return "serial." + error;
                    }
                }
                return null;
            };

            StreamInfo.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.StreamInfo)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.StreamInfo: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.StreamInfo();
                if (object.id != null)
                    message.id = String(object.id);
                switch (object.direction) {
                default:
                    if (typeof object.direction === "number") {
                        message.direction = object.direction;
                        break;
                    }
                    break;
                case "DIRECTION_UNSPECIFIED":
                case 0:
                    message.direction = 0;
                    break;
                case "INPUT":
                case 1:
                    message.direction = 1;
                    break;
                case "OUTPUT":
                case 2:
                    message.direction = 2;
                    break;
                case "LOG":
                case 3:
                    message.direction = 3;
                    break;
                }
                switch (object.protocol) {
                default:
                    if (typeof object.protocol === "number") {
                        message.protocol = object.protocol;
                        break;
                    }
                    break;
                case "PROTOCOL_UNSPECIFIED":
                case 0:
                    message.protocol = 0;
                    break;
                case "GPIO":
                case 1:
                    message.protocol = 1;
                    break;
                case "BLE":
                case 2:
                    message.protocol = 2;
                    break;
                case "SERIAL":
                case 3:
                    message.protocol = 3;
                    break;
                }
                if (object.ble != null) {
                    if (!$util.isObject(object.ble))
                        throw TypeError(".mjl.v1.StreamInfo.ble: object expected");
                    message.ble = $root.mjl.v1.BleAddress.fromObject(object.ble, long + 1);
                }
                if (object.gpio != null) {
                    if (!$util.isObject(object.gpio))
                        throw TypeError(".mjl.v1.StreamInfo.gpio: object expected");
                    message.gpio = $root.mjl.v1.GpioAddress.fromObject(object.gpio, long + 1);
                }
                if (object.serial != null) {
                    if (!$util.isObject(object.serial))
                        throw TypeError(".mjl.v1.StreamInfo.serial: object expected");
                    message.serial = $root.mjl.v1.SerialAddress.fromObject(object.serial, long + 1);
                }
                return message;
            };

            StreamInfo.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.id = "";
                    object.direction = options.enums === String ? "DIRECTION_UNSPECIFIED" : 0;
                    object.protocol = options.enums === String ? "PROTOCOL_UNSPECIFIED" : 0;
                }
                if (message.id != null && Object.hasOwnProperty.call(message, "id"))
                    object.id = message.id;
                if (message.direction != null && Object.hasOwnProperty.call(message, "direction"))
                    object.direction = options.enums === String ? $root.mjl.v1.Direction[message.direction] === undefined ? message.direction : $root.mjl.v1.Direction[message.direction] : message.direction;
                if (message.protocol != null && Object.hasOwnProperty.call(message, "protocol"))
                    object.protocol = options.enums === String ? $root.mjl.v1.Protocol[message.protocol] === undefined ? message.protocol : $root.mjl.v1.Protocol[message.protocol] : message.protocol;
                if (message.ble != null && Object.hasOwnProperty.call(message, "ble")) {
                    object.ble = $root.mjl.v1.BleAddress.toObject(message.ble, options, q + 1);
                    if (options.oneofs)
                        object.address = "ble";
                }
                if (message.gpio != null && Object.hasOwnProperty.call(message, "gpio")) {
                    object.gpio = $root.mjl.v1.GpioAddress.toObject(message.gpio, options, q + 1);
                    if (options.oneofs)
                        object.address = "gpio";
                }
                if (message.serial != null && Object.hasOwnProperty.call(message, "serial")) {
                    object.serial = $root.mjl.v1.SerialAddress.toObject(message.serial, options, q + 1);
                    if (options.oneofs)
                        object.address = "serial";
                }
                return object;
            };

            StreamInfo.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return StreamInfo;
        })();

        v1.DeviceAnnouncement = (function() {

            function DeviceAnnouncement(properties) {
                this.protocols = [];
                this.streams = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            DeviceAnnouncement.prototype.schemaVersion = 0;
            DeviceAnnouncement.prototype.name = "";
            DeviceAnnouncement.prototype.service = "";
            DeviceAnnouncement.prototype.type = "";
            DeviceAnnouncement.prototype.protocols = $util.emptyArray;
            DeviceAnnouncement.prototype.site = "";
            DeviceAnnouncement.prototype.gateway = "";
            DeviceAnnouncement.prototype.parent = "";
            DeviceAnnouncement.prototype.streams = $util.emptyArray;
            DeviceAnnouncement.prototype.sinceUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;
            DeviceAnnouncement.prototype.driver = "";
            DeviceAnnouncement.prototype.online = false;

            DeviceAnnouncement.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    writer.uint32(8).uint32(message.schemaVersion);
                if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                    writer.uint32(18).string(message.name);
                if (message.service != null && Object.hasOwnProperty.call(message, "service"))
                    writer.uint32(26).string(message.service);
                if (message.type != null && Object.hasOwnProperty.call(message, "type"))
                    writer.uint32(34).string(message.type);
                if (message.protocols != null && message.protocols.length) {
                    writer.uint32(42).fork();
                    for (let i = 0; i < message.protocols.length; ++i)
                        writer.int32(message.protocols[i]);
                    writer.ldelim();
                }
                if (message.site != null && Object.hasOwnProperty.call(message, "site"))
                    writer.uint32(50).string(message.site);
                if (message.gateway != null && Object.hasOwnProperty.call(message, "gateway"))
                    writer.uint32(58).string(message.gateway);
                if (message.parent != null && Object.hasOwnProperty.call(message, "parent"))
                    writer.uint32(66).string(message.parent);
                if (message.streams != null && message.streams.length)
                    for (let i = 0; i < message.streams.length; ++i)
                        $root.mjl.v1.StreamInfo.encode(message.streams[i], writer.uint32(74).fork(), q + 1).ldelim();
                if (message.sinceUs != null && Object.hasOwnProperty.call(message, "sinceUs"))
                    writer.uint32(80).uint64(message.sinceUs);
                if (message.driver != null && Object.hasOwnProperty.call(message, "driver"))
                    writer.uint32(90).string(message.driver);
                if (message.online != null && Object.hasOwnProperty.call(message, "online"))
                    writer.uint32(96).bool(message.online);
                return writer;
            };

            DeviceAnnouncement.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.DeviceAnnouncement();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.schemaVersion = reader.uint32();
                            break;
                        }
                    case 2: {
                            message.name = reader.string();
                            break;
                        }
                    case 3: {
                            message.service = reader.string();
                            break;
                        }
                    case 4: {
                            message.type = reader.string();
                            break;
                        }
                    case 5: {
                            if (!(message.protocols && message.protocols.length))
                                message.protocols = [];
                            if ((tag & 7) === 2) {
                                let end2 = reader.uint32() + reader.pos;
                                if (end2 > reader.len)
                                    throw RangeError("index out of range");
                                reader.len = end2;
                                while (reader.pos < end2)
                                    message.protocols.push(reader.int32());
                                if (reader.pos !== end2)
                                    throw RangeError("index out of range");
                                reader.len = end;
                            } else
                                message.protocols.push(reader.int32());
                            break;
                        }
                    case 6: {
                            message.site = reader.string();
                            break;
                        }
                    case 7: {
                            message.gateway = reader.string();
                            break;
                        }
                    case 8: {
                            message.parent = reader.string();
                            break;
                        }
                    case 9: {
                            if (!(message.streams && message.streams.length))
                                message.streams = [];
                            message.streams.push($root.mjl.v1.StreamInfo.decode(reader, reader.uint32(), undefined, long + 1));
                            break;
                        }
                    case 10: {
                            message.sinceUs = reader.uint64();
                            break;
                        }
                    case 11: {
                            message.driver = reader.string();
                            break;
                        }
                    case 12: {
                            message.online = reader.bool();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            DeviceAnnouncement.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    if (!$util.isInteger(message.schemaVersion))
                        return "schemaVersion: integer expected";
                if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                    if (!$util.isString(message.name))
                        return "name: string expected";
                if (message.service != null && Object.hasOwnProperty.call(message, "service"))
                    if (!$util.isString(message.service))
                        return "service: string expected";
                if (message.type != null && Object.hasOwnProperty.call(message, "type"))
                    if (!$util.isString(message.type))
                        return "type: string expected";
                if (message.protocols != null && Object.hasOwnProperty.call(message, "protocols")) {
                    if (!Array.isArray(message.protocols))
                        return "protocols: array expected";
                    for (let i = 0; i < message.protocols.length; ++i)
                        switch (message.protocols[i]) {
                        default:
                            return "protocols: enum value[] expected";
                        case 0:
                        case 1:
                        case 2:
                        case 3:
                            break;
                        }
                }
                if (message.site != null && Object.hasOwnProperty.call(message, "site"))
                    if (!$util.isString(message.site))
                        return "site: string expected";
                if (message.gateway != null && Object.hasOwnProperty.call(message, "gateway"))
                    if (!$util.isString(message.gateway))
                        return "gateway: string expected";
                if (message.parent != null && Object.hasOwnProperty.call(message, "parent"))
                    if (!$util.isString(message.parent))
                        return "parent: string expected";
                if (message.streams != null && Object.hasOwnProperty.call(message, "streams")) {
                    if (!Array.isArray(message.streams))
                        return "streams: array expected";
                    for (let i = 0; i < message.streams.length; ++i) {
                        let error = $root.mjl.v1.StreamInfo.verify(message.streams[i], long + 1);
                        if (error)
                            return "streams." + error;
                    }
                }
                if (message.sinceUs != null && Object.hasOwnProperty.call(message, "sinceUs"))
                    if (!$util.isInteger(message.sinceUs) && !(message.sinceUs && $util.isInteger(message.sinceUs.low) && $util.isInteger(message.sinceUs.high)))
                        return "sinceUs: integer|Long expected";
                if (message.driver != null && Object.hasOwnProperty.call(message, "driver"))
                    if (!$util.isString(message.driver))
                        return "driver: string expected";
                if (message.online != null && Object.hasOwnProperty.call(message, "online"))
                    if (typeof message.online !== "boolean")
                        return "online: boolean expected";
                return null;
            };

            DeviceAnnouncement.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.DeviceAnnouncement)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.DeviceAnnouncement: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.DeviceAnnouncement();
                if (object.schemaVersion != null)
                    message.schemaVersion = object.schemaVersion >>> 0;
                if (object.name != null)
                    message.name = String(object.name);
                if (object.service != null)
                    message.service = String(object.service);
                if (object.type != null)
                    message.type = String(object.type);
                if (object.protocols) {
                    if (!Array.isArray(object.protocols))
                        throw TypeError(".mjl.v1.DeviceAnnouncement.protocols: array expected");
                    message.protocols = [];
                    for (let i = 0; i < object.protocols.length; ++i)
                        switch (object.protocols[i]) {
                        default:
                            if (typeof object.protocols[i] === "number") {
                                message.protocols[i] = object.protocols[i];
                                break;
                            }
                        case "PROTOCOL_UNSPECIFIED":
                        case 0:
                            message.protocols[i] = 0;
                            break;
                        case "GPIO":
                        case 1:
                            message.protocols[i] = 1;
                            break;
                        case "BLE":
                        case 2:
                            message.protocols[i] = 2;
                            break;
                        case "SERIAL":
                        case 3:
                            message.protocols[i] = 3;
                            break;
                        }
                }
                if (object.site != null)
                    message.site = String(object.site);
                if (object.gateway != null)
                    message.gateway = String(object.gateway);
                if (object.parent != null)
                    message.parent = String(object.parent);
                if (object.streams) {
                    if (!Array.isArray(object.streams))
                        throw TypeError(".mjl.v1.DeviceAnnouncement.streams: array expected");
                    message.streams = [];
                    for (let i = 0; i < object.streams.length; ++i) {
                        if (!$util.isObject(object.streams[i]))
                            throw TypeError(".mjl.v1.DeviceAnnouncement.streams: object expected");
                        message.streams[i] = $root.mjl.v1.StreamInfo.fromObject(object.streams[i], long + 1);
                    }
                }
                if (object.sinceUs != null)
                    if ($util.Long)
                        message.sinceUs = $util.Long.fromValue(object.sinceUs, true);
                    else if (typeof object.sinceUs === "string")
                        message.sinceUs = parseInt(object.sinceUs, 10);
                    else if (typeof object.sinceUs === "number")
                        message.sinceUs = object.sinceUs;
                    else if (typeof object.sinceUs === "object")
                        message.sinceUs = new $util.LongBits(object.sinceUs.low >>> 0, object.sinceUs.high >>> 0).toNumber(true);
                if (object.driver != null)
                    message.driver = String(object.driver);
                if (object.online != null)
                    message.online = Boolean(object.online);
                return message;
            };

            DeviceAnnouncement.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults) {
                    object.protocols = [];
                    object.streams = [];
                }
                if (options.defaults) {
                    object.schemaVersion = 0;
                    object.name = "";
                    object.service = "";
                    object.type = "";
                    object.site = "";
                    object.gateway = "";
                    object.parent = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.sinceUs = options.longs === String ? long.toString() : options.longs === Number ? long.toNumber() : typeof BigInt !== "undefined" && options.longs === BigInt ? long.toBigInt() : long;
                    } else
                        object.sinceUs = options.longs === String ? "0" : typeof BigInt !== "undefined" && options.longs === BigInt ? BigInt("0") : 0;
                    object.driver = "";
                    object.online = false;
                }
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    object.schemaVersion = message.schemaVersion;
                if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                    object.name = message.name;
                if (message.service != null && Object.hasOwnProperty.call(message, "service"))
                    object.service = message.service;
                if (message.type != null && Object.hasOwnProperty.call(message, "type"))
                    object.type = message.type;
                if (message.protocols && message.protocols.length) {
                    object.protocols = [];
                    for (let j = 0; j < message.protocols.length; ++j)
                        object.protocols[j] = options.enums === String ? $root.mjl.v1.Protocol[message.protocols[j]] === undefined ? message.protocols[j] : $root.mjl.v1.Protocol[message.protocols[j]] : message.protocols[j];
                }
                if (message.site != null && Object.hasOwnProperty.call(message, "site"))
                    object.site = message.site;
                if (message.gateway != null && Object.hasOwnProperty.call(message, "gateway"))
                    object.gateway = message.gateway;
                if (message.parent != null && Object.hasOwnProperty.call(message, "parent"))
                    object.parent = message.parent;
                if (message.streams && message.streams.length) {
                    object.streams = [];
                    for (let j = 0; j < message.streams.length; ++j)
                        object.streams[j] = $root.mjl.v1.StreamInfo.toObject(message.streams[j], options, q + 1);
                }
                if (message.sinceUs != null && Object.hasOwnProperty.call(message, "sinceUs"))
                    if (typeof BigInt !== "undefined" && options.longs === BigInt)
                        object.sinceUs = typeof message.sinceUs === "number" ? BigInt(message.sinceUs) : $util.Long.fromBits(message.sinceUs.low >>> 0, message.sinceUs.high >>> 0, true).toBigInt();
                    else if (typeof message.sinceUs === "number")
                        object.sinceUs = options.longs === String ? String(message.sinceUs) : message.sinceUs;
                    else
                        object.sinceUs = options.longs === String ? $util.Long.prototype.toString.call(message.sinceUs) : options.longs === Number ? new $util.LongBits(message.sinceUs.low >>> 0, message.sinceUs.high >>> 0).toNumber(true) : message.sinceUs;
                if (message.driver != null && Object.hasOwnProperty.call(message, "driver"))
                    object.driver = message.driver;
                if (message.online != null && Object.hasOwnProperty.call(message, "online"))
                    object.online = message.online;
                return object;
            };

            DeviceAnnouncement.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return DeviceAnnouncement;
        })();

        v1.ResultBatch = (function() {

            function ResultBatch(properties) {
                this.timestampsUs = [];
                this.values = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            ResultBatch.prototype.schemaVersion = 0;
            ResultBatch.prototype.device = "";
            ResultBatch.prototype.service = "";
            ResultBatch.prototype.session = $util.Long ? $util.Long.fromBits(0,0,true) : 0;
            ResultBatch.prototype.firstSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;
            ResultBatch.prototype.timestampsUs = $util.emptyArray;
            ResultBatch.prototype.values = $util.emptyArray;

            ResultBatch.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    writer.uint32(8).uint32(message.schemaVersion);
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    writer.uint32(18).string(message.device);
                if (message.service != null && Object.hasOwnProperty.call(message, "service"))
                    writer.uint32(26).string(message.service);
                if (message.session != null && Object.hasOwnProperty.call(message, "session"))
                    writer.uint32(32).uint64(message.session);
                if (message.firstSeq != null && Object.hasOwnProperty.call(message, "firstSeq"))
                    writer.uint32(40).uint64(message.firstSeq);
                if (message.timestampsUs != null && message.timestampsUs.length) {
                    writer.uint32(50).fork();
                    for (let i = 0; i < message.timestampsUs.length; ++i)
                        writer.uint64(message.timestampsUs[i]);
                    writer.ldelim();
                }
                if (message.values != null && message.values.length) {
                    writer.uint32(58).fork();
                    for (let i = 0; i < message.values.length; ++i)
                        writer.sint32(message.values[i]);
                    writer.ldelim();
                }
                return writer;
            };

            ResultBatch.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.ResultBatch();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.schemaVersion = reader.uint32();
                            break;
                        }
                    case 2: {
                            message.device = reader.string();
                            break;
                        }
                    case 3: {
                            message.service = reader.string();
                            break;
                        }
                    case 4: {
                            message.session = reader.uint64();
                            break;
                        }
                    case 5: {
                            message.firstSeq = reader.uint64();
                            break;
                        }
                    case 6: {
                            if (!(message.timestampsUs && message.timestampsUs.length))
                                message.timestampsUs = [];
                            if ((tag & 7) === 2) {
                                let end2 = reader.uint32() + reader.pos;
                                if (end2 > reader.len)
                                    throw RangeError("index out of range");
                                reader.len = end2;
                                while (reader.pos < end2)
                                    message.timestampsUs.push(reader.uint64());
                                if (reader.pos !== end2)
                                    throw RangeError("index out of range");
                                reader.len = end;
                            } else
                                message.timestampsUs.push(reader.uint64());
                            break;
                        }
                    case 7: {
                            if (!(message.values && message.values.length))
                                message.values = [];
                            if ((tag & 7) === 2) {
                                let end2 = reader.uint32() + reader.pos;
                                if (end2 > reader.len)
                                    throw RangeError("index out of range");
                                reader.len = end2;
                                while (reader.pos < end2)
                                    message.values.push(reader.sint32());
                                if (reader.pos !== end2)
                                    throw RangeError("index out of range");
                                reader.len = end;
                            } else
                                message.values.push(reader.sint32());
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            ResultBatch.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    if (!$util.isInteger(message.schemaVersion))
                        return "schemaVersion: integer expected";
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    if (!$util.isString(message.device))
                        return "device: string expected";
                if (message.service != null && Object.hasOwnProperty.call(message, "service"))
                    if (!$util.isString(message.service))
                        return "service: string expected";
                if (message.session != null && Object.hasOwnProperty.call(message, "session"))
                    if (!$util.isInteger(message.session) && !(message.session && $util.isInteger(message.session.low) && $util.isInteger(message.session.high)))
                        return "session: integer|Long expected";
                if (message.firstSeq != null && Object.hasOwnProperty.call(message, "firstSeq"))
                    if (!$util.isInteger(message.firstSeq) && !(message.firstSeq && $util.isInteger(message.firstSeq.low) && $util.isInteger(message.firstSeq.high)))
                        return "firstSeq: integer|Long expected";
                if (message.timestampsUs != null && Object.hasOwnProperty.call(message, "timestampsUs")) {
                    if (!Array.isArray(message.timestampsUs))
                        return "timestampsUs: array expected";
                    for (let i = 0; i < message.timestampsUs.length; ++i)
                        if (!$util.isInteger(message.timestampsUs[i]) && !(message.timestampsUs[i] && $util.isInteger(message.timestampsUs[i].low) && $util.isInteger(message.timestampsUs[i].high)))
                            return "timestampsUs: integer|Long[] expected";
                }
                if (message.values != null && Object.hasOwnProperty.call(message, "values")) {
                    if (!Array.isArray(message.values))
                        return "values: array expected";
                    for (let i = 0; i < message.values.length; ++i)
                        if (!$util.isInteger(message.values[i]))
                            return "values: integer[] expected";
                }
                return null;
            };

            ResultBatch.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.ResultBatch)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.ResultBatch: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.ResultBatch();
                if (object.schemaVersion != null)
                    message.schemaVersion = object.schemaVersion >>> 0;
                if (object.device != null)
                    message.device = String(object.device);
                if (object.service != null)
                    message.service = String(object.service);
                if (object.session != null)
                    if ($util.Long)
                        message.session = $util.Long.fromValue(object.session, true);
                    else if (typeof object.session === "string")
                        message.session = parseInt(object.session, 10);
                    else if (typeof object.session === "number")
                        message.session = object.session;
                    else if (typeof object.session === "object")
                        message.session = new $util.LongBits(object.session.low >>> 0, object.session.high >>> 0).toNumber(true);
                if (object.firstSeq != null)
                    if ($util.Long)
                        message.firstSeq = $util.Long.fromValue(object.firstSeq, true);
                    else if (typeof object.firstSeq === "string")
                        message.firstSeq = parseInt(object.firstSeq, 10);
                    else if (typeof object.firstSeq === "number")
                        message.firstSeq = object.firstSeq;
                    else if (typeof object.firstSeq === "object")
                        message.firstSeq = new $util.LongBits(object.firstSeq.low >>> 0, object.firstSeq.high >>> 0).toNumber(true);
                if (object.timestampsUs) {
                    if (!Array.isArray(object.timestampsUs))
                        throw TypeError(".mjl.v1.ResultBatch.timestampsUs: array expected");
                    message.timestampsUs = [];
                    for (let i = 0; i < object.timestampsUs.length; ++i)
                        if ($util.Long)
                            message.timestampsUs[i] = $util.Long.fromValue(object.timestampsUs[i], true);
                        else if (typeof object.timestampsUs[i] === "string")
                            message.timestampsUs[i] = parseInt(object.timestampsUs[i], 10);
                        else if (typeof object.timestampsUs[i] === "number")
                            message.timestampsUs[i] = object.timestampsUs[i];
                        else if (typeof object.timestampsUs[i] === "object")
                            message.timestampsUs[i] = new $util.LongBits(object.timestampsUs[i].low >>> 0, object.timestampsUs[i].high >>> 0).toNumber(true);
                }
                if (object.values) {
                    if (!Array.isArray(object.values))
                        throw TypeError(".mjl.v1.ResultBatch.values: array expected");
                    message.values = [];
                    for (let i = 0; i < object.values.length; ++i)
                        message.values[i] = object.values[i] | 0;
                }
                return message;
            };

            ResultBatch.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults) {
                    object.timestampsUs = [];
                    object.values = [];
                }
                if (options.defaults) {
                    object.schemaVersion = 0;
                    object.device = "";
                    object.service = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.session = options.longs === String ? long.toString() : options.longs === Number ? long.toNumber() : typeof BigInt !== "undefined" && options.longs === BigInt ? long.toBigInt() : long;
                    } else
                        object.session = options.longs === String ? "0" : typeof BigInt !== "undefined" && options.longs === BigInt ? BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.firstSeq = options.longs === String ? long.toString() : options.longs === Number ? long.toNumber() : typeof BigInt !== "undefined" && options.longs === BigInt ? long.toBigInt() : long;
                    } else
                        object.firstSeq = options.longs === String ? "0" : typeof BigInt !== "undefined" && options.longs === BigInt ? BigInt("0") : 0;
                }
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    object.schemaVersion = message.schemaVersion;
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    object.device = message.device;
                if (message.service != null && Object.hasOwnProperty.call(message, "service"))
                    object.service = message.service;
                if (message.session != null && Object.hasOwnProperty.call(message, "session"))
                    if (typeof BigInt !== "undefined" && options.longs === BigInt)
                        object.session = typeof message.session === "number" ? BigInt(message.session) : $util.Long.fromBits(message.session.low >>> 0, message.session.high >>> 0, true).toBigInt();
                    else if (typeof message.session === "number")
                        object.session = options.longs === String ? String(message.session) : message.session;
                    else
                        object.session = options.longs === String ? $util.Long.prototype.toString.call(message.session) : options.longs === Number ? new $util.LongBits(message.session.low >>> 0, message.session.high >>> 0).toNumber(true) : message.session;
                if (message.firstSeq != null && Object.hasOwnProperty.call(message, "firstSeq"))
                    if (typeof BigInt !== "undefined" && options.longs === BigInt)
                        object.firstSeq = typeof message.firstSeq === "number" ? BigInt(message.firstSeq) : $util.Long.fromBits(message.firstSeq.low >>> 0, message.firstSeq.high >>> 0, true).toBigInt();
                    else if (typeof message.firstSeq === "number")
                        object.firstSeq = options.longs === String ? String(message.firstSeq) : message.firstSeq;
                    else
                        object.firstSeq = options.longs === String ? $util.Long.prototype.toString.call(message.firstSeq) : options.longs === Number ? new $util.LongBits(message.firstSeq.low >>> 0, message.firstSeq.high >>> 0).toNumber(true) : message.firstSeq;
                if (message.timestampsUs && message.timestampsUs.length) {
                    object.timestampsUs = [];
                    for (let j = 0; j < message.timestampsUs.length; ++j)
                        if (typeof BigInt !== "undefined" && options.longs === BigInt)
                            object.timestampsUs[j] = typeof message.timestampsUs[j] === "number" ? BigInt(message.timestampsUs[j]) : $util.Long.fromBits(message.timestampsUs[j].low >>> 0, message.timestampsUs[j].high >>> 0, true).toBigInt();
                        else if (typeof message.timestampsUs[j] === "number")
                            object.timestampsUs[j] = options.longs === String ? String(message.timestampsUs[j]) : message.timestampsUs[j];
                        else
                            object.timestampsUs[j] = options.longs === String ? $util.Long.prototype.toString.call(message.timestampsUs[j]) : options.longs === Number ? new $util.LongBits(message.timestampsUs[j].low >>> 0, message.timestampsUs[j].high >>> 0).toNumber(true) : message.timestampsUs[j];
                }
                if (message.values && message.values.length) {
                    object.values = [];
                    for (let j = 0; j < message.values.length; ++j)
                        object.values[j] = message.values[j];
                }
                return object;
            };

            ResultBatch.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return ResultBatch;
        })();

        v1.GatewayResults = (function() {

            function GatewayResults(properties) {
                this.batches = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            GatewayResults.prototype.schemaVersion = 0;
            GatewayResults.prototype.batches = $util.emptyArray;

            GatewayResults.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    writer.uint32(8).uint32(message.schemaVersion);
                if (message.batches != null && message.batches.length)
                    for (let i = 0; i < message.batches.length; ++i)
                        $root.mjl.v1.ResultBatch.encode(message.batches[i], writer.uint32(18).fork(), q + 1).ldelim();
                return writer;
            };

            GatewayResults.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.GatewayResults();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.schemaVersion = reader.uint32();
                            break;
                        }
                    case 2: {
                            if (!(message.batches && message.batches.length))
                                message.batches = [];
                            message.batches.push($root.mjl.v1.ResultBatch.decode(reader, reader.uint32(), undefined, long + 1));
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            GatewayResults.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    if (!$util.isInteger(message.schemaVersion))
                        return "schemaVersion: integer expected";
                if (message.batches != null && Object.hasOwnProperty.call(message, "batches")) {
                    if (!Array.isArray(message.batches))
                        return "batches: array expected";
                    for (let i = 0; i < message.batches.length; ++i) {
                        let error = $root.mjl.v1.ResultBatch.verify(message.batches[i], long + 1);
                        if (error)
                            return "batches." + error;
                    }
                }
                return null;
            };

            GatewayResults.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.GatewayResults)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.GatewayResults: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.GatewayResults();
                if (object.schemaVersion != null)
                    message.schemaVersion = object.schemaVersion >>> 0;
                if (object.batches) {
                    if (!Array.isArray(object.batches))
                        throw TypeError(".mjl.v1.GatewayResults.batches: array expected");
                    message.batches = [];
                    for (let i = 0; i < object.batches.length; ++i) {
                        if (!$util.isObject(object.batches[i]))
                            throw TypeError(".mjl.v1.GatewayResults.batches: object expected");
                        message.batches[i] = $root.mjl.v1.ResultBatch.fromObject(object.batches[i], long + 1);
                    }
                }
                return message;
            };

            GatewayResults.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.batches = [];
                if (options.defaults)
                    object.schemaVersion = 0;
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    object.schemaVersion = message.schemaVersion;
                if (message.batches && message.batches.length) {
                    object.batches = [];
                    for (let j = 0; j < message.batches.length; ++j)
                        object.batches[j] = $root.mjl.v1.ResultBatch.toObject(message.batches[j], options, q + 1);
                }
                return object;
            };

            GatewayResults.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return GatewayResults;
        })();

        v1.LogLine = (function() {

            function LogLine(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            LogLine.prototype.timestampUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;
            LogLine.prototype.level = "";
            LogLine.prototype.text = "";

            LogLine.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.timestampUs != null && Object.hasOwnProperty.call(message, "timestampUs"))
                    writer.uint32(8).uint64(message.timestampUs);
                if (message.level != null && Object.hasOwnProperty.call(message, "level"))
                    writer.uint32(18).string(message.level);
                if (message.text != null && Object.hasOwnProperty.call(message, "text"))
                    writer.uint32(26).string(message.text);
                return writer;
            };

            LogLine.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.LogLine();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.timestampUs = reader.uint64();
                            break;
                        }
                    case 2: {
                            message.level = reader.string();
                            break;
                        }
                    case 3: {
                            message.text = reader.string();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            LogLine.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.timestampUs != null && Object.hasOwnProperty.call(message, "timestampUs"))
                    if (!$util.isInteger(message.timestampUs) && !(message.timestampUs && $util.isInteger(message.timestampUs.low) && $util.isInteger(message.timestampUs.high)))
                        return "timestampUs: integer|Long expected";
                if (message.level != null && Object.hasOwnProperty.call(message, "level"))
                    if (!$util.isString(message.level))
                        return "level: string expected";
                if (message.text != null && Object.hasOwnProperty.call(message, "text"))
                    if (!$util.isString(message.text))
                        return "text: string expected";
                return null;
            };

            LogLine.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.LogLine)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.LogLine: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.LogLine();
                if (object.timestampUs != null)
                    if ($util.Long)
                        message.timestampUs = $util.Long.fromValue(object.timestampUs, true);
                    else if (typeof object.timestampUs === "string")
                        message.timestampUs = parseInt(object.timestampUs, 10);
                    else if (typeof object.timestampUs === "number")
                        message.timestampUs = object.timestampUs;
                    else if (typeof object.timestampUs === "object")
                        message.timestampUs = new $util.LongBits(object.timestampUs.low >>> 0, object.timestampUs.high >>> 0).toNumber(true);
                if (object.level != null)
                    message.level = String(object.level);
                if (object.text != null)
                    message.text = String(object.text);
                return message;
            };

            LogLine.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.timestampUs = options.longs === String ? long.toString() : options.longs === Number ? long.toNumber() : typeof BigInt !== "undefined" && options.longs === BigInt ? long.toBigInt() : long;
                    } else
                        object.timestampUs = options.longs === String ? "0" : typeof BigInt !== "undefined" && options.longs === BigInt ? BigInt("0") : 0;
                    object.level = "";
                    object.text = "";
                }
                if (message.timestampUs != null && Object.hasOwnProperty.call(message, "timestampUs"))
                    if (typeof BigInt !== "undefined" && options.longs === BigInt)
                        object.timestampUs = typeof message.timestampUs === "number" ? BigInt(message.timestampUs) : $util.Long.fromBits(message.timestampUs.low >>> 0, message.timestampUs.high >>> 0, true).toBigInt();
                    else if (typeof message.timestampUs === "number")
                        object.timestampUs = options.longs === String ? String(message.timestampUs) : message.timestampUs;
                    else
                        object.timestampUs = options.longs === String ? $util.Long.prototype.toString.call(message.timestampUs) : options.longs === Number ? new $util.LongBits(message.timestampUs.low >>> 0, message.timestampUs.high >>> 0).toNumber(true) : message.timestampUs;
                if (message.level != null && Object.hasOwnProperty.call(message, "level"))
                    object.level = message.level;
                if (message.text != null && Object.hasOwnProperty.call(message, "text"))
                    object.text = message.text;
                return object;
            };

            LogLine.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return LogLine;
        })();

        v1.LogBatch = (function() {

            function LogBatch(properties) {
                this.lines = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            LogBatch.prototype.schemaVersion = 0;
            LogBatch.prototype.device = "";
            LogBatch.prototype.lines = $util.emptyArray;

            LogBatch.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    writer.uint32(8).uint32(message.schemaVersion);
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    writer.uint32(18).string(message.device);
                if (message.lines != null && message.lines.length)
                    for (let i = 0; i < message.lines.length; ++i)
                        $root.mjl.v1.LogLine.encode(message.lines[i], writer.uint32(26).fork(), q + 1).ldelim();
                return writer;
            };

            LogBatch.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.LogBatch();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.schemaVersion = reader.uint32();
                            break;
                        }
                    case 2: {
                            message.device = reader.string();
                            break;
                        }
                    case 3: {
                            if (!(message.lines && message.lines.length))
                                message.lines = [];
                            message.lines.push($root.mjl.v1.LogLine.decode(reader, reader.uint32(), undefined, long + 1));
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            LogBatch.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    if (!$util.isInteger(message.schemaVersion))
                        return "schemaVersion: integer expected";
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    if (!$util.isString(message.device))
                        return "device: string expected";
                if (message.lines != null && Object.hasOwnProperty.call(message, "lines")) {
                    if (!Array.isArray(message.lines))
                        return "lines: array expected";
                    for (let i = 0; i < message.lines.length; ++i) {
                        let error = $root.mjl.v1.LogLine.verify(message.lines[i], long + 1);
                        if (error)
                            return "lines." + error;
                    }
                }
                return null;
            };

            LogBatch.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.LogBatch)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.LogBatch: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.LogBatch();
                if (object.schemaVersion != null)
                    message.schemaVersion = object.schemaVersion >>> 0;
                if (object.device != null)
                    message.device = String(object.device);
                if (object.lines) {
                    if (!Array.isArray(object.lines))
                        throw TypeError(".mjl.v1.LogBatch.lines: array expected");
                    message.lines = [];
                    for (let i = 0; i < object.lines.length; ++i) {
                        if (!$util.isObject(object.lines[i]))
                            throw TypeError(".mjl.v1.LogBatch.lines: object expected");
                        message.lines[i] = $root.mjl.v1.LogLine.fromObject(object.lines[i], long + 1);
                    }
                }
                return message;
            };

            LogBatch.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.lines = [];
                if (options.defaults) {
                    object.schemaVersion = 0;
                    object.device = "";
                }
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    object.schemaVersion = message.schemaVersion;
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    object.device = message.device;
                if (message.lines && message.lines.length) {
                    object.lines = [];
                    for (let j = 0; j < message.lines.length; ++j)
                        object.lines[j] = $root.mjl.v1.LogLine.toObject(message.lines[j], options, q + 1);
                }
                return object;
            };

            LogBatch.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return LogBatch;
        })();

        v1.StreamSample = (function() {

            function StreamSample(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            StreamSample.prototype.timestampUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;
            StreamSample.prototype.data = $util.newBuffer([]);

            StreamSample.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.timestampUs != null && Object.hasOwnProperty.call(message, "timestampUs"))
                    writer.uint32(8).uint64(message.timestampUs);
                if (message.data != null && Object.hasOwnProperty.call(message, "data"))
                    writer.uint32(18).bytes(message.data);
                return writer;
            };

            StreamSample.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.StreamSample();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.timestampUs = reader.uint64();
                            break;
                        }
                    case 2: {
                            message.data = reader.bytes();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            StreamSample.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.timestampUs != null && Object.hasOwnProperty.call(message, "timestampUs"))
                    if (!$util.isInteger(message.timestampUs) && !(message.timestampUs && $util.isInteger(message.timestampUs.low) && $util.isInteger(message.timestampUs.high)))
                        return "timestampUs: integer|Long expected";
                if (message.data != null && Object.hasOwnProperty.call(message, "data"))
                    if (!(message.data && typeof message.data.length === "number" || $util.isString(message.data)))
                        return "data: buffer expected";
                return null;
            };

            StreamSample.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.StreamSample)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.StreamSample: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.StreamSample();
                if (object.timestampUs != null)
                    if ($util.Long)
                        message.timestampUs = $util.Long.fromValue(object.timestampUs, true);
                    else if (typeof object.timestampUs === "string")
                        message.timestampUs = parseInt(object.timestampUs, 10);
                    else if (typeof object.timestampUs === "number")
                        message.timestampUs = object.timestampUs;
                    else if (typeof object.timestampUs === "object")
                        message.timestampUs = new $util.LongBits(object.timestampUs.low >>> 0, object.timestampUs.high >>> 0).toNumber(true);
                if (object.data != null)
                    if (typeof object.data === "string")
                        $util.base64.decode(object.data, message.data = $util.newBuffer($util.base64.length(object.data)), 0);
                    else if (object.data.length >= 0)
                        message.data = object.data;
                return message;
            };

            StreamSample.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.timestampUs = options.longs === String ? long.toString() : options.longs === Number ? long.toNumber() : typeof BigInt !== "undefined" && options.longs === BigInt ? long.toBigInt() : long;
                    } else
                        object.timestampUs = options.longs === String ? "0" : typeof BigInt !== "undefined" && options.longs === BigInt ? BigInt("0") : 0;
                    if (options.bytes === String)
                        object.data = "";
                    else {
                        object.data = [];
                        if (options.bytes !== Array)
                            object.data = $util.newBuffer(object.data);
                    }
                }
                if (message.timestampUs != null && Object.hasOwnProperty.call(message, "timestampUs"))
                    if (typeof BigInt !== "undefined" && options.longs === BigInt)
                        object.timestampUs = typeof message.timestampUs === "number" ? BigInt(message.timestampUs) : $util.Long.fromBits(message.timestampUs.low >>> 0, message.timestampUs.high >>> 0, true).toBigInt();
                    else if (typeof message.timestampUs === "number")
                        object.timestampUs = options.longs === String ? String(message.timestampUs) : message.timestampUs;
                    else
                        object.timestampUs = options.longs === String ? $util.Long.prototype.toString.call(message.timestampUs) : options.longs === Number ? new $util.LongBits(message.timestampUs.low >>> 0, message.timestampUs.high >>> 0).toNumber(true) : message.timestampUs;
                if (message.data != null && Object.hasOwnProperty.call(message, "data"))
                    object.data = options.bytes === String ? $util.base64.encode(message.data, 0, message.data.length) : options.bytes === Array ? Array.prototype.slice.call(message.data) : message.data;
                return object;
            };

            StreamSample.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return StreamSample;
        })();

        v1.StreamChunk = (function() {

            function StreamChunk(properties) {
                this.samples = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            StreamChunk.prototype.schemaVersion = 0;
            StreamChunk.prototype.device = "";
            StreamChunk.prototype.stream = "";
            StreamChunk.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;
            StreamChunk.prototype.samples = $util.emptyArray;
            StreamChunk.prototype.end = false;
            StreamChunk.prototype.error = "";

            StreamChunk.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    writer.uint32(8).uint32(message.schemaVersion);
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    writer.uint32(18).string(message.device);
                if (message.stream != null && Object.hasOwnProperty.call(message, "stream"))
                    writer.uint32(26).string(message.stream);
                if (message.seq != null && Object.hasOwnProperty.call(message, "seq"))
                    writer.uint32(32).uint64(message.seq);
                if (message.samples != null && message.samples.length)
                    for (let i = 0; i < message.samples.length; ++i)
                        $root.mjl.v1.StreamSample.encode(message.samples[i], writer.uint32(42).fork(), q + 1).ldelim();
                if (message.end != null && Object.hasOwnProperty.call(message, "end"))
                    writer.uint32(48).bool(message.end);
                if (message.error != null && Object.hasOwnProperty.call(message, "error"))
                    writer.uint32(58).string(message.error);
                return writer;
            };

            StreamChunk.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.StreamChunk();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.schemaVersion = reader.uint32();
                            break;
                        }
                    case 2: {
                            message.device = reader.string();
                            break;
                        }
                    case 3: {
                            message.stream = reader.string();
                            break;
                        }
                    case 4: {
                            message.seq = reader.uint64();
                            break;
                        }
                    case 5: {
                            if (!(message.samples && message.samples.length))
                                message.samples = [];
                            message.samples.push($root.mjl.v1.StreamSample.decode(reader, reader.uint32(), undefined, long + 1));
                            break;
                        }
                    case 6: {
                            message.end = reader.bool();
                            break;
                        }
                    case 7: {
                            message.error = reader.string();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            StreamChunk.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    if (!$util.isInteger(message.schemaVersion))
                        return "schemaVersion: integer expected";
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    if (!$util.isString(message.device))
                        return "device: string expected";
                if (message.stream != null && Object.hasOwnProperty.call(message, "stream"))
                    if (!$util.isString(message.stream))
                        return "stream: string expected";
                if (message.seq != null && Object.hasOwnProperty.call(message, "seq"))
                    if (!$util.isInteger(message.seq) && !(message.seq && $util.isInteger(message.seq.low) && $util.isInteger(message.seq.high)))
                        return "seq: integer|Long expected";
                if (message.samples != null && Object.hasOwnProperty.call(message, "samples")) {
                    if (!Array.isArray(message.samples))
                        return "samples: array expected";
                    for (let i = 0; i < message.samples.length; ++i) {
                        let error = $root.mjl.v1.StreamSample.verify(message.samples[i], long + 1);
                        if (error)
                            return "samples." + error;
                    }
                }
                if (message.end != null && Object.hasOwnProperty.call(message, "end"))
                    if (typeof message.end !== "boolean")
                        return "end: boolean expected";
                if (message.error != null && Object.hasOwnProperty.call(message, "error"))
                    if (!$util.isString(message.error))
                        return "error: string expected";
                return null;
            };

            StreamChunk.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.StreamChunk)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.StreamChunk: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.StreamChunk();
                if (object.schemaVersion != null)
                    message.schemaVersion = object.schemaVersion >>> 0;
                if (object.device != null)
                    message.device = String(object.device);
                if (object.stream != null)
                    message.stream = String(object.stream);
                if (object.seq != null)
                    if ($util.Long)
                        message.seq = $util.Long.fromValue(object.seq, true);
                    else if (typeof object.seq === "string")
                        message.seq = parseInt(object.seq, 10);
                    else if (typeof object.seq === "number")
                        message.seq = object.seq;
                    else if (typeof object.seq === "object")
                        message.seq = new $util.LongBits(object.seq.low >>> 0, object.seq.high >>> 0).toNumber(true);
                if (object.samples) {
                    if (!Array.isArray(object.samples))
                        throw TypeError(".mjl.v1.StreamChunk.samples: array expected");
                    message.samples = [];
                    for (let i = 0; i < object.samples.length; ++i) {
                        if (!$util.isObject(object.samples[i]))
                            throw TypeError(".mjl.v1.StreamChunk.samples: object expected");
                        message.samples[i] = $root.mjl.v1.StreamSample.fromObject(object.samples[i], long + 1);
                    }
                }
                if (object.end != null)
                    message.end = Boolean(object.end);
                if (object.error != null)
                    message.error = String(object.error);
                return message;
            };

            StreamChunk.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.samples = [];
                if (options.defaults) {
                    object.schemaVersion = 0;
                    object.device = "";
                    object.stream = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.seq = options.longs === String ? long.toString() : options.longs === Number ? long.toNumber() : typeof BigInt !== "undefined" && options.longs === BigInt ? long.toBigInt() : long;
                    } else
                        object.seq = options.longs === String ? "0" : typeof BigInt !== "undefined" && options.longs === BigInt ? BigInt("0") : 0;
                    object.end = false;
                    object.error = "";
                }
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    object.schemaVersion = message.schemaVersion;
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    object.device = message.device;
                if (message.stream != null && Object.hasOwnProperty.call(message, "stream"))
                    object.stream = message.stream;
                if (message.seq != null && Object.hasOwnProperty.call(message, "seq"))
                    if (typeof BigInt !== "undefined" && options.longs === BigInt)
                        object.seq = typeof message.seq === "number" ? BigInt(message.seq) : $util.Long.fromBits(message.seq.low >>> 0, message.seq.high >>> 0, true).toBigInt();
                    else if (typeof message.seq === "number")
                        object.seq = options.longs === String ? String(message.seq) : message.seq;
                    else
                        object.seq = options.longs === String ? $util.Long.prototype.toString.call(message.seq) : options.longs === Number ? new $util.LongBits(message.seq.low >>> 0, message.seq.high >>> 0).toNumber(true) : message.seq;
                if (message.samples && message.samples.length) {
                    object.samples = [];
                    for (let j = 0; j < message.samples.length; ++j)
                        object.samples[j] = $root.mjl.v1.StreamSample.toObject(message.samples[j], options, q + 1);
                }
                if (message.end != null && Object.hasOwnProperty.call(message, "end"))
                    object.end = message.end;
                if (message.error != null && Object.hasOwnProperty.call(message, "error"))
                    object.error = message.error;
                return object;
            };

            StreamChunk.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return StreamChunk;
        })();

        v1.StartInspection = (function() {

            function StartInspection(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            StartInspection.prototype.device = "";
            StartInspection.prototype.protocol = 0;
            StartInspection.prototype.durationMs = 0;

            StartInspection.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    writer.uint32(10).string(message.device);
                if (message.protocol != null && Object.hasOwnProperty.call(message, "protocol"))
                    writer.uint32(16).int32(message.protocol);
                if (message.durationMs != null && Object.hasOwnProperty.call(message, "durationMs"))
                    writer.uint32(24).uint32(message.durationMs);
                return writer;
            };

            StartInspection.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.StartInspection();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.device = reader.string();
                            break;
                        }
                    case 2: {
                            message.protocol = reader.int32();
                            break;
                        }
                    case 3: {
                            message.durationMs = reader.uint32();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            StartInspection.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    if (!$util.isString(message.device))
                        return "device: string expected";
                if (message.protocol != null && Object.hasOwnProperty.call(message, "protocol"))
                    switch (message.protocol) {
                    default:
                        return "protocol: enum value expected";
                    case 0:
                    case 1:
                    case 2:
                    case 3:
                        break;
                    }
                if (message.durationMs != null && Object.hasOwnProperty.call(message, "durationMs"))
                    if (!$util.isInteger(message.durationMs))
                        return "durationMs: integer expected";
                return null;
            };

            StartInspection.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.StartInspection)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.StartInspection: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.StartInspection();
                if (object.device != null)
                    message.device = String(object.device);
                switch (object.protocol) {
                default:
                    if (typeof object.protocol === "number") {
                        message.protocol = object.protocol;
                        break;
                    }
                    break;
                case "PROTOCOL_UNSPECIFIED":
                case 0:
                    message.protocol = 0;
                    break;
                case "GPIO":
                case 1:
                    message.protocol = 1;
                    break;
                case "BLE":
                case 2:
                    message.protocol = 2;
                    break;
                case "SERIAL":
                case 3:
                    message.protocol = 3;
                    break;
                }
                if (object.durationMs != null)
                    message.durationMs = object.durationMs >>> 0;
                return message;
            };

            StartInspection.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.device = "";
                    object.protocol = options.enums === String ? "PROTOCOL_UNSPECIFIED" : 0;
                    object.durationMs = 0;
                }
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    object.device = message.device;
                if (message.protocol != null && Object.hasOwnProperty.call(message, "protocol"))
                    object.protocol = options.enums === String ? $root.mjl.v1.Protocol[message.protocol] === undefined ? message.protocol : $root.mjl.v1.Protocol[message.protocol] : message.protocol;
                if (message.durationMs != null && Object.hasOwnProperty.call(message, "durationMs"))
                    object.durationMs = message.durationMs;
                return object;
            };

            StartInspection.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return StartInspection;
        })();

        v1.StopInspection = (function() {

            function StopInspection(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            StopInspection.prototype.device = "";

            StopInspection.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    writer.uint32(10).string(message.device);
                return writer;
            };

            StopInspection.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.StopInspection();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.device = reader.string();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            StopInspection.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    if (!$util.isString(message.device))
                        return "device: string expected";
                return null;
            };

            StopInspection.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.StopInspection)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.StopInspection: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.StopInspection();
                if (object.device != null)
                    message.device = String(object.device);
                return message;
            };

            StopInspection.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.defaults)
                    object.device = "";
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    object.device = message.device;
                return object;
            };

            StopInspection.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return StopInspection;
        })();

        v1.Ping = (function() {

            function Ping(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            Ping.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                return writer;
            };

            Ping.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.Ping();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            Ping.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                return null;
            };

            Ping.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.Ping)
                    return object;
                return new $root.mjl.v1.Ping();
            };

            Ping.toObject = function toObject() {
                return {};
            };

            Ping.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Ping;
        })();

        v1.FetchLogs = (function() {

            function FetchLogs(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            FetchLogs.prototype.device = "";
            FetchLogs.prototype.sinceUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            FetchLogs.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    writer.uint32(10).string(message.device);
                if (message.sinceUs != null && Object.hasOwnProperty.call(message, "sinceUs"))
                    writer.uint32(16).uint64(message.sinceUs);
                return writer;
            };

            FetchLogs.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.FetchLogs();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.device = reader.string();
                            break;
                        }
                    case 2: {
                            message.sinceUs = reader.uint64();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            FetchLogs.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    if (!$util.isString(message.device))
                        return "device: string expected";
                if (message.sinceUs != null && Object.hasOwnProperty.call(message, "sinceUs"))
                    if (!$util.isInteger(message.sinceUs) && !(message.sinceUs && $util.isInteger(message.sinceUs.low) && $util.isInteger(message.sinceUs.high)))
                        return "sinceUs: integer|Long expected";
                return null;
            };

            FetchLogs.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.FetchLogs)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.FetchLogs: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.FetchLogs();
                if (object.device != null)
                    message.device = String(object.device);
                if (object.sinceUs != null)
                    if ($util.Long)
                        message.sinceUs = $util.Long.fromValue(object.sinceUs, true);
                    else if (typeof object.sinceUs === "string")
                        message.sinceUs = parseInt(object.sinceUs, 10);
                    else if (typeof object.sinceUs === "number")
                        message.sinceUs = object.sinceUs;
                    else if (typeof object.sinceUs === "object")
                        message.sinceUs = new $util.LongBits(object.sinceUs.low >>> 0, object.sinceUs.high >>> 0).toNumber(true);
                return message;
            };

            FetchLogs.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.device = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.sinceUs = options.longs === String ? long.toString() : options.longs === Number ? long.toNumber() : typeof BigInt !== "undefined" && options.longs === BigInt ? long.toBigInt() : long;
                    } else
                        object.sinceUs = options.longs === String ? "0" : typeof BigInt !== "undefined" && options.longs === BigInt ? BigInt("0") : 0;
                }
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    object.device = message.device;
                if (message.sinceUs != null && Object.hasOwnProperty.call(message, "sinceUs"))
                    if (typeof BigInt !== "undefined" && options.longs === BigInt)
                        object.sinceUs = typeof message.sinceUs === "number" ? BigInt(message.sinceUs) : $util.Long.fromBits(message.sinceUs.low >>> 0, message.sinceUs.high >>> 0, true).toBigInt();
                    else if (typeof message.sinceUs === "number")
                        object.sinceUs = options.longs === String ? String(message.sinceUs) : message.sinceUs;
                    else
                        object.sinceUs = options.longs === String ? $util.Long.prototype.toString.call(message.sinceUs) : options.longs === Number ? new $util.LongBits(message.sinceUs.low >>> 0, message.sinceUs.high >>> 0).toNumber(true) : message.sinceUs;
                return object;
            };

            FetchLogs.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return FetchLogs;
        })();

        v1.Command = (function() {

            function Command(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            Command.prototype.schemaVersion = 0;
            Command.prototype.correlationId = "";
            Command.prototype.replyTo = "";
            Command.prototype.startInspection = null;
            Command.prototype.stopInspection = null;
            Command.prototype.ping = null;
            Command.prototype.fetchLogs = null;

            let $oneOfFields;

            Object.defineProperty(Command.prototype, "action", {
                get: $util.oneOfGetter($oneOfFields = ["startInspection", "stopInspection", "ping", "fetchLogs"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            Command.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    writer.uint32(8).uint32(message.schemaVersion);
                if (message.correlationId != null && Object.hasOwnProperty.call(message, "correlationId"))
                    writer.uint32(18).string(message.correlationId);
                if (message.replyTo != null && Object.hasOwnProperty.call(message, "replyTo"))
                    writer.uint32(26).string(message.replyTo);
                if (message.startInspection != null && Object.hasOwnProperty.call(message, "startInspection"))
                    $root.mjl.v1.StartInspection.encode(message.startInspection, writer.uint32(34).fork(), q + 1).ldelim();
                if (message.stopInspection != null && Object.hasOwnProperty.call(message, "stopInspection"))
                    $root.mjl.v1.StopInspection.encode(message.stopInspection, writer.uint32(42).fork(), q + 1).ldelim();
                if (message.ping != null && Object.hasOwnProperty.call(message, "ping"))
                    $root.mjl.v1.Ping.encode(message.ping, writer.uint32(50).fork(), q + 1).ldelim();
                if (message.fetchLogs != null && Object.hasOwnProperty.call(message, "fetchLogs"))
                    $root.mjl.v1.FetchLogs.encode(message.fetchLogs, writer.uint32(58).fork(), q + 1).ldelim();
                return writer;
            };

            Command.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.Command();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.schemaVersion = reader.uint32();
                            break;
                        }
                    case 2: {
                            message.correlationId = reader.string();
                            break;
                        }
                    case 3: {
                            message.replyTo = reader.string();
                            break;
                        }
                    case 4: {
                            message.startInspection = $root.mjl.v1.StartInspection.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 5: {
                            message.stopInspection = $root.mjl.v1.StopInspection.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 6: {
                            message.ping = $root.mjl.v1.Ping.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 7: {
                            message.fetchLogs = $root.mjl.v1.FetchLogs.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            Command.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                let properties = {};
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    if (!$util.isInteger(message.schemaVersion))
                        return "schemaVersion: integer expected";
                if (message.correlationId != null && Object.hasOwnProperty.call(message, "correlationId"))
                    if (!$util.isString(message.correlationId))
                        return "correlationId: string expected";
                if (message.replyTo != null && Object.hasOwnProperty.call(message, "replyTo"))
                    if (!$util.isString(message.replyTo))
                        return "replyTo: string expected";
                if (message.startInspection != null && Object.hasOwnProperty.call(message, "startInspection")) {
                    properties.action = 1;
                    {
                        let error = $root.mjl.v1.StartInspection.verify(message.startInspection, long + 1);
                        if (error)
                            return "startInspection." + error;
                    }
                }
                if (message.stopInspection != null && Object.hasOwnProperty.call(message, "stopInspection")) {
                    if (properties.action === 1)
                        return "action: multiple values";
                    properties.action = 1;
                    {
                        let error = $root.mjl.v1.StopInspection.verify(message.stopInspection, long + 1);
                        if (error)
                            return "stopInspection." + error;
                    }
                }
                if (message.ping != null && Object.hasOwnProperty.call(message, "ping")) {
                    if (properties.action === 1)
                        return "action: multiple values";
                    properties.action = 1;
                    {
                        let error = $root.mjl.v1.Ping.verify(message.ping, long + 1);
                        if (error)
                            return "ping." + error;
                    }
                }
                if (message.fetchLogs != null && Object.hasOwnProperty.call(message, "fetchLogs")) {
                    if (properties.action === 1)
                        return "action: multiple values";
                    properties.action = 1;
                    {
                        let error = $root.mjl.v1.FetchLogs.verify(message.fetchLogs, long + 1);
                        if (error)
                            return "fetchLogs." + error;
                    }
                }
                return null;
            };

            Command.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.Command)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.Command: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.Command();
                if (object.schemaVersion != null)
                    message.schemaVersion = object.schemaVersion >>> 0;
                if (object.correlationId != null)
                    message.correlationId = String(object.correlationId);
                if (object.replyTo != null)
                    message.replyTo = String(object.replyTo);
                if (object.startInspection != null) {
                    if (!$util.isObject(object.startInspection))
                        throw TypeError(".mjl.v1.Command.startInspection: object expected");
                    message.startInspection = $root.mjl.v1.StartInspection.fromObject(object.startInspection, long + 1);
                }
                if (object.stopInspection != null) {
                    if (!$util.isObject(object.stopInspection))
                        throw TypeError(".mjl.v1.Command.stopInspection: object expected");
                    message.stopInspection = $root.mjl.v1.StopInspection.fromObject(object.stopInspection, long + 1);
                }
                if (object.ping != null) {
                    if (!$util.isObject(object.ping))
                        throw TypeError(".mjl.v1.Command.ping: object expected");
                    message.ping = $root.mjl.v1.Ping.fromObject(object.ping, long + 1);
                }
                if (object.fetchLogs != null) {
                    if (!$util.isObject(object.fetchLogs))
                        throw TypeError(".mjl.v1.Command.fetchLogs: object expected");
                    message.fetchLogs = $root.mjl.v1.FetchLogs.fromObject(object.fetchLogs, long + 1);
                }
                return message;
            };

            Command.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.schemaVersion = 0;
                    object.correlationId = "";
                    object.replyTo = "";
                }
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    object.schemaVersion = message.schemaVersion;
                if (message.correlationId != null && Object.hasOwnProperty.call(message, "correlationId"))
                    object.correlationId = message.correlationId;
                if (message.replyTo != null && Object.hasOwnProperty.call(message, "replyTo"))
                    object.replyTo = message.replyTo;
                if (message.startInspection != null && Object.hasOwnProperty.call(message, "startInspection")) {
                    object.startInspection = $root.mjl.v1.StartInspection.toObject(message.startInspection, options, q + 1);
                    if (options.oneofs)
                        object.action = "startInspection";
                }
                if (message.stopInspection != null && Object.hasOwnProperty.call(message, "stopInspection")) {
                    object.stopInspection = $root.mjl.v1.StopInspection.toObject(message.stopInspection, options, q + 1);
                    if (options.oneofs)
                        object.action = "stopInspection";
                }
                if (message.ping != null && Object.hasOwnProperty.call(message, "ping")) {
                    object.ping = $root.mjl.v1.Ping.toObject(message.ping, options, q + 1);
                    if (options.oneofs)
                        object.action = "ping";
                }
                if (message.fetchLogs != null && Object.hasOwnProperty.call(message, "fetchLogs")) {
                    object.fetchLogs = $root.mjl.v1.FetchLogs.toObject(message.fetchLogs, options, q + 1);
                    if (options.oneofs)
                        object.action = "fetchLogs";
                }
                return object;
            };

            Command.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return Command;
        })();

        v1.InspectionStarted = (function() {

            function InspectionStarted(properties) {
                this.chain = [];
                this.streams = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            InspectionStarted.prototype.device = "";
            InspectionStarted.prototype.chain = $util.emptyArray;
            InspectionStarted.prototype.streams = $util.emptyArray;
            InspectionStarted.prototype.streamTopicPrefix = "";

            InspectionStarted.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    writer.uint32(10).string(message.device);
                if (message.chain != null && message.chain.length)
                    for (let i = 0; i < message.chain.length; ++i)
                        writer.uint32(18).string(message.chain[i]);
                if (message.streams != null && message.streams.length)
                    for (let i = 0; i < message.streams.length; ++i)
                        $root.mjl.v1.StreamInfo.encode(message.streams[i], writer.uint32(26).fork(), q + 1).ldelim();
                if (message.streamTopicPrefix != null && Object.hasOwnProperty.call(message, "streamTopicPrefix"))
                    writer.uint32(34).string(message.streamTopicPrefix);
                return writer;
            };

            InspectionStarted.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.InspectionStarted();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.device = reader.string();
                            break;
                        }
                    case 2: {
                            if (!(message.chain && message.chain.length))
                                message.chain = [];
                            message.chain.push(reader.string());
                            break;
                        }
                    case 3: {
                            if (!(message.streams && message.streams.length))
                                message.streams = [];
                            message.streams.push($root.mjl.v1.StreamInfo.decode(reader, reader.uint32(), undefined, long + 1));
                            break;
                        }
                    case 4: {
                            message.streamTopicPrefix = reader.string();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            InspectionStarted.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    if (!$util.isString(message.device))
                        return "device: string expected";
                if (message.chain != null && Object.hasOwnProperty.call(message, "chain")) {
                    if (!Array.isArray(message.chain))
                        return "chain: array expected";
                    for (let i = 0; i < message.chain.length; ++i)
                        if (!$util.isString(message.chain[i]))
                            return "chain: string[] expected";
                }
                if (message.streams != null && Object.hasOwnProperty.call(message, "streams")) {
                    if (!Array.isArray(message.streams))
                        return "streams: array expected";
                    for (let i = 0; i < message.streams.length; ++i) {
                        let error = $root.mjl.v1.StreamInfo.verify(message.streams[i], long + 1);
                        if (error)
                            return "streams." + error;
                    }
                }
                if (message.streamTopicPrefix != null && Object.hasOwnProperty.call(message, "streamTopicPrefix"))
                    if (!$util.isString(message.streamTopicPrefix))
                        return "streamTopicPrefix: string expected";
                return null;
            };

            InspectionStarted.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.InspectionStarted)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.InspectionStarted: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.InspectionStarted();
                if (object.device != null)
                    message.device = String(object.device);
                if (object.chain) {
                    if (!Array.isArray(object.chain))
                        throw TypeError(".mjl.v1.InspectionStarted.chain: array expected");
                    message.chain = [];
                    for (let i = 0; i < object.chain.length; ++i)
                        message.chain[i] = String(object.chain[i]);
                }
                if (object.streams) {
                    if (!Array.isArray(object.streams))
                        throw TypeError(".mjl.v1.InspectionStarted.streams: array expected");
                    message.streams = [];
                    for (let i = 0; i < object.streams.length; ++i) {
                        if (!$util.isObject(object.streams[i]))
                            throw TypeError(".mjl.v1.InspectionStarted.streams: object expected");
                        message.streams[i] = $root.mjl.v1.StreamInfo.fromObject(object.streams[i], long + 1);
                    }
                }
                if (object.streamTopicPrefix != null)
                    message.streamTopicPrefix = String(object.streamTopicPrefix);
                return message;
            };

            InspectionStarted.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults) {
                    object.chain = [];
                    object.streams = [];
                }
                if (options.defaults) {
                    object.device = "";
                    object.streamTopicPrefix = "";
                }
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    object.device = message.device;
                if (message.chain && message.chain.length) {
                    object.chain = [];
                    for (let j = 0; j < message.chain.length; ++j)
                        object.chain[j] = message.chain[j];
                }
                if (message.streams && message.streams.length) {
                    object.streams = [];
                    for (let j = 0; j < message.streams.length; ++j)
                        object.streams[j] = $root.mjl.v1.StreamInfo.toObject(message.streams[j], options, q + 1);
                }
                if (message.streamTopicPrefix != null && Object.hasOwnProperty.call(message, "streamTopicPrefix"))
                    object.streamTopicPrefix = message.streamTopicPrefix;
                return object;
            };

            InspectionStarted.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return InspectionStarted;
        })();

        v1.LogsFetched = (function() {

            function LogsFetched(properties) {
                this.lines = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            LogsFetched.prototype.device = "";
            LogsFetched.prototype.lines = $util.emptyArray;
            LogsFetched.prototype.keptSinceUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            LogsFetched.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    writer.uint32(10).string(message.device);
                if (message.lines != null && message.lines.length)
                    for (let i = 0; i < message.lines.length; ++i)
                        $root.mjl.v1.LogLine.encode(message.lines[i], writer.uint32(18).fork(), q + 1).ldelim();
                if (message.keptSinceUs != null && Object.hasOwnProperty.call(message, "keptSinceUs"))
                    writer.uint32(24).uint64(message.keptSinceUs);
                return writer;
            };

            LogsFetched.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.LogsFetched();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.device = reader.string();
                            break;
                        }
                    case 2: {
                            if (!(message.lines && message.lines.length))
                                message.lines = [];
                            message.lines.push($root.mjl.v1.LogLine.decode(reader, reader.uint32(), undefined, long + 1));
                            break;
                        }
                    case 3: {
                            message.keptSinceUs = reader.uint64();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            LogsFetched.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    if (!$util.isString(message.device))
                        return "device: string expected";
                if (message.lines != null && Object.hasOwnProperty.call(message, "lines")) {
                    if (!Array.isArray(message.lines))
                        return "lines: array expected";
                    for (let i = 0; i < message.lines.length; ++i) {
                        let error = $root.mjl.v1.LogLine.verify(message.lines[i], long + 1);
                        if (error)
                            return "lines." + error;
                    }
                }
                if (message.keptSinceUs != null && Object.hasOwnProperty.call(message, "keptSinceUs"))
                    if (!$util.isInteger(message.keptSinceUs) && !(message.keptSinceUs && $util.isInteger(message.keptSinceUs.low) && $util.isInteger(message.keptSinceUs.high)))
                        return "keptSinceUs: integer|Long expected";
                return null;
            };

            LogsFetched.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.LogsFetched)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.LogsFetched: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.LogsFetched();
                if (object.device != null)
                    message.device = String(object.device);
                if (object.lines) {
                    if (!Array.isArray(object.lines))
                        throw TypeError(".mjl.v1.LogsFetched.lines: array expected");
                    message.lines = [];
                    for (let i = 0; i < object.lines.length; ++i) {
                        if (!$util.isObject(object.lines[i]))
                            throw TypeError(".mjl.v1.LogsFetched.lines: object expected");
                        message.lines[i] = $root.mjl.v1.LogLine.fromObject(object.lines[i], long + 1);
                    }
                }
                if (object.keptSinceUs != null)
                    if ($util.Long)
                        message.keptSinceUs = $util.Long.fromValue(object.keptSinceUs, true);
                    else if (typeof object.keptSinceUs === "string")
                        message.keptSinceUs = parseInt(object.keptSinceUs, 10);
                    else if (typeof object.keptSinceUs === "number")
                        message.keptSinceUs = object.keptSinceUs;
                    else if (typeof object.keptSinceUs === "object")
                        message.keptSinceUs = new $util.LongBits(object.keptSinceUs.low >>> 0, object.keptSinceUs.high >>> 0).toNumber(true);
                return message;
            };

            LogsFetched.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.lines = [];
                if (options.defaults) {
                    object.device = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.keptSinceUs = options.longs === String ? long.toString() : options.longs === Number ? long.toNumber() : typeof BigInt !== "undefined" && options.longs === BigInt ? long.toBigInt() : long;
                    } else
                        object.keptSinceUs = options.longs === String ? "0" : typeof BigInt !== "undefined" && options.longs === BigInt ? BigInt("0") : 0;
                }
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    object.device = message.device;
                if (message.lines && message.lines.length) {
                    object.lines = [];
                    for (let j = 0; j < message.lines.length; ++j)
                        object.lines[j] = $root.mjl.v1.LogLine.toObject(message.lines[j], options, q + 1);
                }
                if (message.keptSinceUs != null && Object.hasOwnProperty.call(message, "keptSinceUs"))
                    if (typeof BigInt !== "undefined" && options.longs === BigInt)
                        object.keptSinceUs = typeof message.keptSinceUs === "number" ? BigInt(message.keptSinceUs) : $util.Long.fromBits(message.keptSinceUs.low >>> 0, message.keptSinceUs.high >>> 0, true).toBigInt();
                    else if (typeof message.keptSinceUs === "number")
                        object.keptSinceUs = options.longs === String ? String(message.keptSinceUs) : message.keptSinceUs;
                    else
                        object.keptSinceUs = options.longs === String ? $util.Long.prototype.toString.call(message.keptSinceUs) : options.longs === Number ? new $util.LongBits(message.keptSinceUs.low >>> 0, message.keptSinceUs.high >>> 0).toNumber(true) : message.keptSinceUs;
                return object;
            };

            LogsFetched.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return LogsFetched;
        })();

        v1.CommandReply = (function() {

            function CommandReply(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            CommandReply.prototype.schemaVersion = 0;
            CommandReply.prototype.correlationId = "";
            CommandReply.prototype.ok = false;
            CommandReply.prototype.error = "";
            CommandReply.prototype.inspectionStarted = null;
            CommandReply.prototype.logsFetched = null;

            let $oneOfFields;

            Object.defineProperty(CommandReply.prototype, "detail", {
                get: $util.oneOfGetter($oneOfFields = ["inspectionStarted", "logsFetched"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            CommandReply.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    writer.uint32(8).uint32(message.schemaVersion);
                if (message.correlationId != null && Object.hasOwnProperty.call(message, "correlationId"))
                    writer.uint32(18).string(message.correlationId);
                if (message.ok != null && Object.hasOwnProperty.call(message, "ok"))
                    writer.uint32(24).bool(message.ok);
                if (message.error != null && Object.hasOwnProperty.call(message, "error"))
                    writer.uint32(34).string(message.error);
                if (message.inspectionStarted != null && Object.hasOwnProperty.call(message, "inspectionStarted"))
                    $root.mjl.v1.InspectionStarted.encode(message.inspectionStarted, writer.uint32(42).fork(), q + 1).ldelim();
                if (message.logsFetched != null && Object.hasOwnProperty.call(message, "logsFetched"))
                    $root.mjl.v1.LogsFetched.encode(message.logsFetched, writer.uint32(50).fork(), q + 1).ldelim();
                return writer;
            };

            CommandReply.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.CommandReply();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.schemaVersion = reader.uint32();
                            break;
                        }
                    case 2: {
                            message.correlationId = reader.string();
                            break;
                        }
                    case 3: {
                            message.ok = reader.bool();
                            break;
                        }
                    case 4: {
                            message.error = reader.string();
                            break;
                        }
                    case 5: {
                            message.inspectionStarted = $root.mjl.v1.InspectionStarted.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    case 6: {
                            message.logsFetched = $root.mjl.v1.LogsFetched.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            CommandReply.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                let properties = {};
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    if (!$util.isInteger(message.schemaVersion))
                        return "schemaVersion: integer expected";
                if (message.correlationId != null && Object.hasOwnProperty.call(message, "correlationId"))
                    if (!$util.isString(message.correlationId))
                        return "correlationId: string expected";
                if (message.ok != null && Object.hasOwnProperty.call(message, "ok"))
                    if (typeof message.ok !== "boolean")
                        return "ok: boolean expected";
                if (message.error != null && Object.hasOwnProperty.call(message, "error"))
                    if (!$util.isString(message.error))
                        return "error: string expected";
                if (message.inspectionStarted != null && Object.hasOwnProperty.call(message, "inspectionStarted")) {
                    properties.detail = 1;
                    {
                        let error = $root.mjl.v1.InspectionStarted.verify(message.inspectionStarted, long + 1);
                        if (error)
                            return "inspectionStarted." + error;
                    }
                }
                if (message.logsFetched != null && Object.hasOwnProperty.call(message, "logsFetched")) {
                    if (properties.detail === 1)
                        return "detail: multiple values";
                    properties.detail = 1;
                    {
                        let error = $root.mjl.v1.LogsFetched.verify(message.logsFetched, long + 1);
                        if (error)
                            return "logsFetched." + error;
                    }
                }
                return null;
            };

            CommandReply.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.CommandReply)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.CommandReply: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.CommandReply();
                if (object.schemaVersion != null)
                    message.schemaVersion = object.schemaVersion >>> 0;
                if (object.correlationId != null)
                    message.correlationId = String(object.correlationId);
                if (object.ok != null)
                    message.ok = Boolean(object.ok);
                if (object.error != null)
                    message.error = String(object.error);
                if (object.inspectionStarted != null) {
                    if (!$util.isObject(object.inspectionStarted))
                        throw TypeError(".mjl.v1.CommandReply.inspectionStarted: object expected");
                    message.inspectionStarted = $root.mjl.v1.InspectionStarted.fromObject(object.inspectionStarted, long + 1);
                }
                if (object.logsFetched != null) {
                    if (!$util.isObject(object.logsFetched))
                        throw TypeError(".mjl.v1.CommandReply.logsFetched: object expected");
                    message.logsFetched = $root.mjl.v1.LogsFetched.fromObject(object.logsFetched, long + 1);
                }
                return message;
            };

            CommandReply.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.schemaVersion = 0;
                    object.correlationId = "";
                    object.ok = false;
                    object.error = "";
                }
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    object.schemaVersion = message.schemaVersion;
                if (message.correlationId != null && Object.hasOwnProperty.call(message, "correlationId"))
                    object.correlationId = message.correlationId;
                if (message.ok != null && Object.hasOwnProperty.call(message, "ok"))
                    object.ok = message.ok;
                if (message.error != null && Object.hasOwnProperty.call(message, "error"))
                    object.error = message.error;
                if (message.inspectionStarted != null && Object.hasOwnProperty.call(message, "inspectionStarted")) {
                    object.inspectionStarted = $root.mjl.v1.InspectionStarted.toObject(message.inspectionStarted, options, q + 1);
                    if (options.oneofs)
                        object.detail = "inspectionStarted";
                }
                if (message.logsFetched != null && Object.hasOwnProperty.call(message, "logsFetched")) {
                    object.logsFetched = $root.mjl.v1.LogsFetched.toObject(message.logsFetched, options, q + 1);
                    if (options.oneofs)
                        object.detail = "logsFetched";
                }
                return object;
            };

            CommandReply.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return CommandReply;
        })();

        v1.ClosedBy = (function() {
            const valuesById = {}, values = Object.create(valuesById);
            values[valuesById[0] = "CLOSED_BY_UNSPECIFIED"] = 0;
            values[valuesById[1] = "WATERMARK"] = 1;
            values[valuesById[2] = "ALL_VOTED"] = 2;
            values[valuesById[3] = "SHUTDOWN"] = 3;
            return values;
        })();

        v1.QuorumDecision = (function() {

            function QuorumDecision(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            QuorumDecision.prototype.schemaVersion = 0;
            QuorumDecision.prototype.service = "";
            QuorumDecision.prototype.windowStartUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;
            QuorumDecision.prototype.windowUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;
            QuorumDecision.prototype.decided = false;
            QuorumDecision.prototype.value = 0;
            QuorumDecision.prototype.voters = 0;
            QuorumDecision.prototype.votesForValue = 0;
            QuorumDecision.prototype.denominator = 0;
            QuorumDecision.prototype.closedBy = 0;
            QuorumDecision.prototype.decidedAtUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            QuorumDecision.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    writer.uint32(8).uint32(message.schemaVersion);
                if (message.service != null && Object.hasOwnProperty.call(message, "service"))
                    writer.uint32(18).string(message.service);
                if (message.windowStartUs != null && Object.hasOwnProperty.call(message, "windowStartUs"))
                    writer.uint32(24).uint64(message.windowStartUs);
                if (message.windowUs != null && Object.hasOwnProperty.call(message, "windowUs"))
                    writer.uint32(32).uint64(message.windowUs);
                if (message.decided != null && Object.hasOwnProperty.call(message, "decided"))
                    writer.uint32(40).bool(message.decided);
                if (message.value != null && Object.hasOwnProperty.call(message, "value"))
                    writer.uint32(48).sint32(message.value);
                if (message.voters != null && Object.hasOwnProperty.call(message, "voters"))
                    writer.uint32(56).uint32(message.voters);
                if (message.votesForValue != null && Object.hasOwnProperty.call(message, "votesForValue"))
                    writer.uint32(64).uint32(message.votesForValue);
                if (message.denominator != null && Object.hasOwnProperty.call(message, "denominator"))
                    writer.uint32(72).uint32(message.denominator);
                if (message.closedBy != null && Object.hasOwnProperty.call(message, "closedBy"))
                    writer.uint32(80).int32(message.closedBy);
                if (message.decidedAtUs != null && Object.hasOwnProperty.call(message, "decidedAtUs"))
                    writer.uint32(88).uint64(message.decidedAtUs);
                return writer;
            };

            QuorumDecision.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.QuorumDecision();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.schemaVersion = reader.uint32();
                            break;
                        }
                    case 2: {
                            message.service = reader.string();
                            break;
                        }
                    case 3: {
                            message.windowStartUs = reader.uint64();
                            break;
                        }
                    case 4: {
                            message.windowUs = reader.uint64();
                            break;
                        }
                    case 5: {
                            message.decided = reader.bool();
                            break;
                        }
                    case 6: {
                            message.value = reader.sint32();
                            break;
                        }
                    case 7: {
                            message.voters = reader.uint32();
                            break;
                        }
                    case 8: {
                            message.votesForValue = reader.uint32();
                            break;
                        }
                    case 9: {
                            message.denominator = reader.uint32();
                            break;
                        }
                    case 10: {
                            message.closedBy = reader.int32();
                            break;
                        }
                    case 11: {
                            message.decidedAtUs = reader.uint64();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            QuorumDecision.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    if (!$util.isInteger(message.schemaVersion))
                        return "schemaVersion: integer expected";
                if (message.service != null && Object.hasOwnProperty.call(message, "service"))
                    if (!$util.isString(message.service))
                        return "service: string expected";
                if (message.windowStartUs != null && Object.hasOwnProperty.call(message, "windowStartUs"))
                    if (!$util.isInteger(message.windowStartUs) && !(message.windowStartUs && $util.isInteger(message.windowStartUs.low) && $util.isInteger(message.windowStartUs.high)))
                        return "windowStartUs: integer|Long expected";
                if (message.windowUs != null && Object.hasOwnProperty.call(message, "windowUs"))
                    if (!$util.isInteger(message.windowUs) && !(message.windowUs && $util.isInteger(message.windowUs.low) && $util.isInteger(message.windowUs.high)))
                        return "windowUs: integer|Long expected";
                if (message.decided != null && Object.hasOwnProperty.call(message, "decided"))
                    if (typeof message.decided !== "boolean")
                        return "decided: boolean expected";
                if (message.value != null && Object.hasOwnProperty.call(message, "value"))
                    if (!$util.isInteger(message.value))
                        return "value: integer expected";
                if (message.voters != null && Object.hasOwnProperty.call(message, "voters"))
                    if (!$util.isInteger(message.voters))
                        return "voters: integer expected";
                if (message.votesForValue != null && Object.hasOwnProperty.call(message, "votesForValue"))
                    if (!$util.isInteger(message.votesForValue))
                        return "votesForValue: integer expected";
                if (message.denominator != null && Object.hasOwnProperty.call(message, "denominator"))
                    if (!$util.isInteger(message.denominator))
                        return "denominator: integer expected";
                if (message.closedBy != null && Object.hasOwnProperty.call(message, "closedBy"))
                    switch (message.closedBy) {
                    default:
                        return "closedBy: enum value expected";
                    case 0:
                    case 1:
                    case 2:
                    case 3:
                        break;
                    }
                if (message.decidedAtUs != null && Object.hasOwnProperty.call(message, "decidedAtUs"))
                    if (!$util.isInteger(message.decidedAtUs) && !(message.decidedAtUs && $util.isInteger(message.decidedAtUs.low) && $util.isInteger(message.decidedAtUs.high)))
                        return "decidedAtUs: integer|Long expected";
                return null;
            };

            QuorumDecision.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.QuorumDecision)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.QuorumDecision: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.QuorumDecision();
                if (object.schemaVersion != null)
                    message.schemaVersion = object.schemaVersion >>> 0;
                if (object.service != null)
                    message.service = String(object.service);
                if (object.windowStartUs != null)
                    if ($util.Long)
                        message.windowStartUs = $util.Long.fromValue(object.windowStartUs, true);
                    else if (typeof object.windowStartUs === "string")
                        message.windowStartUs = parseInt(object.windowStartUs, 10);
                    else if (typeof object.windowStartUs === "number")
                        message.windowStartUs = object.windowStartUs;
                    else if (typeof object.windowStartUs === "object")
                        message.windowStartUs = new $util.LongBits(object.windowStartUs.low >>> 0, object.windowStartUs.high >>> 0).toNumber(true);
                if (object.windowUs != null)
                    if ($util.Long)
                        message.windowUs = $util.Long.fromValue(object.windowUs, true);
                    else if (typeof object.windowUs === "string")
                        message.windowUs = parseInt(object.windowUs, 10);
                    else if (typeof object.windowUs === "number")
                        message.windowUs = object.windowUs;
                    else if (typeof object.windowUs === "object")
                        message.windowUs = new $util.LongBits(object.windowUs.low >>> 0, object.windowUs.high >>> 0).toNumber(true);
                if (object.decided != null)
                    message.decided = Boolean(object.decided);
                if (object.value != null)
                    message.value = object.value | 0;
                if (object.voters != null)
                    message.voters = object.voters >>> 0;
                if (object.votesForValue != null)
                    message.votesForValue = object.votesForValue >>> 0;
                if (object.denominator != null)
                    message.denominator = object.denominator >>> 0;
                switch (object.closedBy) {
                default:
                    if (typeof object.closedBy === "number") {
                        message.closedBy = object.closedBy;
                        break;
                    }
                    break;
                case "CLOSED_BY_UNSPECIFIED":
                case 0:
                    message.closedBy = 0;
                    break;
                case "WATERMARK":
                case 1:
                    message.closedBy = 1;
                    break;
                case "ALL_VOTED":
                case 2:
                    message.closedBy = 2;
                    break;
                case "SHUTDOWN":
                case 3:
                    message.closedBy = 3;
                    break;
                }
                if (object.decidedAtUs != null)
                    if ($util.Long)
                        message.decidedAtUs = $util.Long.fromValue(object.decidedAtUs, true);
                    else if (typeof object.decidedAtUs === "string")
                        message.decidedAtUs = parseInt(object.decidedAtUs, 10);
                    else if (typeof object.decidedAtUs === "number")
                        message.decidedAtUs = object.decidedAtUs;
                    else if (typeof object.decidedAtUs === "object")
                        message.decidedAtUs = new $util.LongBits(object.decidedAtUs.low >>> 0, object.decidedAtUs.high >>> 0).toNumber(true);
                return message;
            };

            QuorumDecision.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.schemaVersion = 0;
                    object.service = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.windowStartUs = options.longs === String ? long.toString() : options.longs === Number ? long.toNumber() : typeof BigInt !== "undefined" && options.longs === BigInt ? long.toBigInt() : long;
                    } else
                        object.windowStartUs = options.longs === String ? "0" : typeof BigInt !== "undefined" && options.longs === BigInt ? BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.windowUs = options.longs === String ? long.toString() : options.longs === Number ? long.toNumber() : typeof BigInt !== "undefined" && options.longs === BigInt ? long.toBigInt() : long;
                    } else
                        object.windowUs = options.longs === String ? "0" : typeof BigInt !== "undefined" && options.longs === BigInt ? BigInt("0") : 0;
                    object.decided = false;
                    object.value = 0;
                    object.voters = 0;
                    object.votesForValue = 0;
                    object.denominator = 0;
                    object.closedBy = options.enums === String ? "CLOSED_BY_UNSPECIFIED" : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.decidedAtUs = options.longs === String ? long.toString() : options.longs === Number ? long.toNumber() : typeof BigInt !== "undefined" && options.longs === BigInt ? long.toBigInt() : long;
                    } else
                        object.decidedAtUs = options.longs === String ? "0" : typeof BigInt !== "undefined" && options.longs === BigInt ? BigInt("0") : 0;
                }
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    object.schemaVersion = message.schemaVersion;
                if (message.service != null && Object.hasOwnProperty.call(message, "service"))
                    object.service = message.service;
                if (message.windowStartUs != null && Object.hasOwnProperty.call(message, "windowStartUs"))
                    if (typeof BigInt !== "undefined" && options.longs === BigInt)
                        object.windowStartUs = typeof message.windowStartUs === "number" ? BigInt(message.windowStartUs) : $util.Long.fromBits(message.windowStartUs.low >>> 0, message.windowStartUs.high >>> 0, true).toBigInt();
                    else if (typeof message.windowStartUs === "number")
                        object.windowStartUs = options.longs === String ? String(message.windowStartUs) : message.windowStartUs;
                    else
                        object.windowStartUs = options.longs === String ? $util.Long.prototype.toString.call(message.windowStartUs) : options.longs === Number ? new $util.LongBits(message.windowStartUs.low >>> 0, message.windowStartUs.high >>> 0).toNumber(true) : message.windowStartUs;
                if (message.windowUs != null && Object.hasOwnProperty.call(message, "windowUs"))
                    if (typeof BigInt !== "undefined" && options.longs === BigInt)
                        object.windowUs = typeof message.windowUs === "number" ? BigInt(message.windowUs) : $util.Long.fromBits(message.windowUs.low >>> 0, message.windowUs.high >>> 0, true).toBigInt();
                    else if (typeof message.windowUs === "number")
                        object.windowUs = options.longs === String ? String(message.windowUs) : message.windowUs;
                    else
                        object.windowUs = options.longs === String ? $util.Long.prototype.toString.call(message.windowUs) : options.longs === Number ? new $util.LongBits(message.windowUs.low >>> 0, message.windowUs.high >>> 0).toNumber(true) : message.windowUs;
                if (message.decided != null && Object.hasOwnProperty.call(message, "decided"))
                    object.decided = message.decided;
                if (message.value != null && Object.hasOwnProperty.call(message, "value"))
                    object.value = message.value;
                if (message.voters != null && Object.hasOwnProperty.call(message, "voters"))
                    object.voters = message.voters;
                if (message.votesForValue != null && Object.hasOwnProperty.call(message, "votesForValue"))
                    object.votesForValue = message.votesForValue;
                if (message.denominator != null && Object.hasOwnProperty.call(message, "denominator"))
                    object.denominator = message.denominator;
                if (message.closedBy != null && Object.hasOwnProperty.call(message, "closedBy"))
                    object.closedBy = options.enums === String ? $root.mjl.v1.ClosedBy[message.closedBy] === undefined ? message.closedBy : $root.mjl.v1.ClosedBy[message.closedBy] : message.closedBy;
                if (message.decidedAtUs != null && Object.hasOwnProperty.call(message, "decidedAtUs"))
                    if (typeof BigInt !== "undefined" && options.longs === BigInt)
                        object.decidedAtUs = typeof message.decidedAtUs === "number" ? BigInt(message.decidedAtUs) : $util.Long.fromBits(message.decidedAtUs.low >>> 0, message.decidedAtUs.high >>> 0, true).toBigInt();
                    else if (typeof message.decidedAtUs === "number")
                        object.decidedAtUs = options.longs === String ? String(message.decidedAtUs) : message.decidedAtUs;
                    else
                        object.decidedAtUs = options.longs === String ? $util.Long.prototype.toString.call(message.decidedAtUs) : options.longs === Number ? new $util.LongBits(message.decidedAtUs.low >>> 0, message.decidedAtUs.high >>> 0).toNumber(true) : message.decidedAtUs;
                return object;
            };

            QuorumDecision.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return QuorumDecision;
        })();

        v1.LateResults = (function() {

            function LateResults(properties) {
                this.timestampsUs = [];
                this.values = [];
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            LateResults.prototype.schemaVersion = 0;
            LateResults.prototype.service = "";
            LateResults.prototype.device = "";
            LateResults.prototype.timestampsUs = $util.emptyArray;
            LateResults.prototype.values = $util.emptyArray;

            LateResults.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    writer.uint32(8).uint32(message.schemaVersion);
                if (message.service != null && Object.hasOwnProperty.call(message, "service"))
                    writer.uint32(18).string(message.service);
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    writer.uint32(26).string(message.device);
                if (message.timestampsUs != null && message.timestampsUs.length) {
                    writer.uint32(34).fork();
                    for (let i = 0; i < message.timestampsUs.length; ++i)
                        writer.uint64(message.timestampsUs[i]);
                    writer.ldelim();
                }
                if (message.values != null && message.values.length) {
                    writer.uint32(42).fork();
                    for (let i = 0; i < message.values.length; ++i)
                        writer.sint32(message.values[i]);
                    writer.ldelim();
                }
                return writer;
            };

            LateResults.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.LateResults();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.schemaVersion = reader.uint32();
                            break;
                        }
                    case 2: {
                            message.service = reader.string();
                            break;
                        }
                    case 3: {
                            message.device = reader.string();
                            break;
                        }
                    case 4: {
                            if (!(message.timestampsUs && message.timestampsUs.length))
                                message.timestampsUs = [];
                            if ((tag & 7) === 2) {
                                let end2 = reader.uint32() + reader.pos;
                                if (end2 > reader.len)
                                    throw RangeError("index out of range");
                                reader.len = end2;
                                while (reader.pos < end2)
                                    message.timestampsUs.push(reader.uint64());
                                if (reader.pos !== end2)
                                    throw RangeError("index out of range");
                                reader.len = end;
                            } else
                                message.timestampsUs.push(reader.uint64());
                            break;
                        }
                    case 5: {
                            if (!(message.values && message.values.length))
                                message.values = [];
                            if ((tag & 7) === 2) {
                                let end2 = reader.uint32() + reader.pos;
                                if (end2 > reader.len)
                                    throw RangeError("index out of range");
                                reader.len = end2;
                                while (reader.pos < end2)
                                    message.values.push(reader.sint32());
                                if (reader.pos !== end2)
                                    throw RangeError("index out of range");
                                reader.len = end;
                            } else
                                message.values.push(reader.sint32());
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            LateResults.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    if (!$util.isInteger(message.schemaVersion))
                        return "schemaVersion: integer expected";
                if (message.service != null && Object.hasOwnProperty.call(message, "service"))
                    if (!$util.isString(message.service))
                        return "service: string expected";
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    if (!$util.isString(message.device))
                        return "device: string expected";
                if (message.timestampsUs != null && Object.hasOwnProperty.call(message, "timestampsUs")) {
                    if (!Array.isArray(message.timestampsUs))
                        return "timestampsUs: array expected";
                    for (let i = 0; i < message.timestampsUs.length; ++i)
                        if (!$util.isInteger(message.timestampsUs[i]) && !(message.timestampsUs[i] && $util.isInteger(message.timestampsUs[i].low) && $util.isInteger(message.timestampsUs[i].high)))
                            return "timestampsUs: integer|Long[] expected";
                }
                if (message.values != null && Object.hasOwnProperty.call(message, "values")) {
                    if (!Array.isArray(message.values))
                        return "values: array expected";
                    for (let i = 0; i < message.values.length; ++i)
                        if (!$util.isInteger(message.values[i]))
                            return "values: integer[] expected";
                }
                return null;
            };

            LateResults.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.LateResults)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.LateResults: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.LateResults();
                if (object.schemaVersion != null)
                    message.schemaVersion = object.schemaVersion >>> 0;
                if (object.service != null)
                    message.service = String(object.service);
                if (object.device != null)
                    message.device = String(object.device);
                if (object.timestampsUs) {
                    if (!Array.isArray(object.timestampsUs))
                        throw TypeError(".mjl.v1.LateResults.timestampsUs: array expected");
                    message.timestampsUs = [];
                    for (let i = 0; i < object.timestampsUs.length; ++i)
                        if ($util.Long)
                            message.timestampsUs[i] = $util.Long.fromValue(object.timestampsUs[i], true);
                        else if (typeof object.timestampsUs[i] === "string")
                            message.timestampsUs[i] = parseInt(object.timestampsUs[i], 10);
                        else if (typeof object.timestampsUs[i] === "number")
                            message.timestampsUs[i] = object.timestampsUs[i];
                        else if (typeof object.timestampsUs[i] === "object")
                            message.timestampsUs[i] = new $util.LongBits(object.timestampsUs[i].low >>> 0, object.timestampsUs[i].high >>> 0).toNumber(true);
                }
                if (object.values) {
                    if (!Array.isArray(object.values))
                        throw TypeError(".mjl.v1.LateResults.values: array expected");
                    message.values = [];
                    for (let i = 0; i < object.values.length; ++i)
                        message.values[i] = object.values[i] | 0;
                }
                return message;
            };

            LateResults.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults) {
                    object.timestampsUs = [];
                    object.values = [];
                }
                if (options.defaults) {
                    object.schemaVersion = 0;
                    object.service = "";
                    object.device = "";
                }
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    object.schemaVersion = message.schemaVersion;
                if (message.service != null && Object.hasOwnProperty.call(message, "service"))
                    object.service = message.service;
                if (message.device != null && Object.hasOwnProperty.call(message, "device"))
                    object.device = message.device;
                if (message.timestampsUs && message.timestampsUs.length) {
                    object.timestampsUs = [];
                    for (let j = 0; j < message.timestampsUs.length; ++j)
                        if (typeof BigInt !== "undefined" && options.longs === BigInt)
                            object.timestampsUs[j] = typeof message.timestampsUs[j] === "number" ? BigInt(message.timestampsUs[j]) : $util.Long.fromBits(message.timestampsUs[j].low >>> 0, message.timestampsUs[j].high >>> 0, true).toBigInt();
                        else if (typeof message.timestampsUs[j] === "number")
                            object.timestampsUs[j] = options.longs === String ? String(message.timestampsUs[j]) : message.timestampsUs[j];
                        else
                            object.timestampsUs[j] = options.longs === String ? $util.Long.prototype.toString.call(message.timestampsUs[j]) : options.longs === Number ? new $util.LongBits(message.timestampsUs[j].low >>> 0, message.timestampsUs[j].high >>> 0).toNumber(true) : message.timestampsUs[j];
                }
                if (message.values && message.values.length) {
                    object.values = [];
                    for (let j = 0; j < message.values.length; ++j)
                        object.values[j] = message.values[j];
                }
                return object;
            };

            LateResults.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return LateResults;
        })();

        v1.AggregatorState = (function() {

            function AggregatorState(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            AggregatorState.prototype.schemaVersion = 0;
            AggregatorState.prototype.online = false;
            AggregatorState.prototype.instance = "";
            AggregatorState.prototype.softwareVersion = "";
            AggregatorState.prototype.timestampUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            AggregatorState.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    writer.uint32(8).uint32(message.schemaVersion);
                if (message.online != null && Object.hasOwnProperty.call(message, "online"))
                    writer.uint32(16).bool(message.online);
                if (message.instance != null && Object.hasOwnProperty.call(message, "instance"))
                    writer.uint32(26).string(message.instance);
                if (message.softwareVersion != null && Object.hasOwnProperty.call(message, "softwareVersion"))
                    writer.uint32(34).string(message.softwareVersion);
                if (message.timestampUs != null && Object.hasOwnProperty.call(message, "timestampUs"))
                    writer.uint32(40).uint64(message.timestampUs);
                return writer;
            };

            AggregatorState.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.mjl.v1.AggregatorState();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.schemaVersion = reader.uint32();
                            break;
                        }
                    case 2: {
                            message.online = reader.bool();
                            break;
                        }
                    case 3: {
                            message.instance = reader.string();
                            break;
                        }
                    case 4: {
                            message.softwareVersion = reader.string();
                            break;
                        }
                    case 5: {
                            message.timestampUs = reader.uint64();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                return message;
            };

            AggregatorState.verify = function verify(message, long) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    return "maximum nesting depth exceeded";
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    if (!$util.isInteger(message.schemaVersion))
                        return "schemaVersion: integer expected";
                if (message.online != null && Object.hasOwnProperty.call(message, "online"))
                    if (typeof message.online !== "boolean")
                        return "online: boolean expected";
                if (message.instance != null && Object.hasOwnProperty.call(message, "instance"))
                    if (!$util.isString(message.instance))
                        return "instance: string expected";
                if (message.softwareVersion != null && Object.hasOwnProperty.call(message, "softwareVersion"))
                    if (!$util.isString(message.softwareVersion))
                        return "softwareVersion: string expected";
                if (message.timestampUs != null && Object.hasOwnProperty.call(message, "timestampUs"))
                    if (!$util.isInteger(message.timestampUs) && !(message.timestampUs && $util.isInteger(message.timestampUs.low) && $util.isInteger(message.timestampUs.high)))
                        return "timestampUs: integer|Long expected";
                return null;
            };

            AggregatorState.fromObject = function fromObject(object, long) {
                if (object instanceof $root.mjl.v1.AggregatorState)
                    return object;
                if (!$util.isObject(object))
                    throw TypeError(".mjl.v1.AggregatorState: object expected");
                if (long === undefined)
                    long = 0;
                if (long > $util.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let message = new $root.mjl.v1.AggregatorState();
                if (object.schemaVersion != null)
                    message.schemaVersion = object.schemaVersion >>> 0;
                if (object.online != null)
                    message.online = Boolean(object.online);
                if (object.instance != null)
                    message.instance = String(object.instance);
                if (object.softwareVersion != null)
                    message.softwareVersion = String(object.softwareVersion);
                if (object.timestampUs != null)
                    if ($util.Long)
                        message.timestampUs = $util.Long.fromValue(object.timestampUs, true);
                    else if (typeof object.timestampUs === "string")
                        message.timestampUs = parseInt(object.timestampUs, 10);
                    else if (typeof object.timestampUs === "number")
                        message.timestampUs = object.timestampUs;
                    else if (typeof object.timestampUs === "object")
                        message.timestampUs = new $util.LongBits(object.timestampUs.low >>> 0, object.timestampUs.high >>> 0).toNumber(true);
                return message;
            };

            AggregatorState.toObject = function toObject(message, options, q) {
                if (!options)
                    options = {};
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.schemaVersion = 0;
                    object.online = false;
                    object.instance = "";
                    object.softwareVersion = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.timestampUs = options.longs === String ? long.toString() : options.longs === Number ? long.toNumber() : typeof BigInt !== "undefined" && options.longs === BigInt ? long.toBigInt() : long;
                    } else
                        object.timestampUs = options.longs === String ? "0" : typeof BigInt !== "undefined" && options.longs === BigInt ? BigInt("0") : 0;
                }
                if (message.schemaVersion != null && Object.hasOwnProperty.call(message, "schemaVersion"))
                    object.schemaVersion = message.schemaVersion;
                if (message.online != null && Object.hasOwnProperty.call(message, "online"))
                    object.online = message.online;
                if (message.instance != null && Object.hasOwnProperty.call(message, "instance"))
                    object.instance = message.instance;
                if (message.softwareVersion != null && Object.hasOwnProperty.call(message, "softwareVersion"))
                    object.softwareVersion = message.softwareVersion;
                if (message.timestampUs != null && Object.hasOwnProperty.call(message, "timestampUs"))
                    if (typeof BigInt !== "undefined" && options.longs === BigInt)
                        object.timestampUs = typeof message.timestampUs === "number" ? BigInt(message.timestampUs) : $util.Long.fromBits(message.timestampUs.low >>> 0, message.timestampUs.high >>> 0, true).toBigInt();
                    else if (typeof message.timestampUs === "number")
                        object.timestampUs = options.longs === String ? String(message.timestampUs) : message.timestampUs;
                    else
                        object.timestampUs = options.longs === String ? $util.Long.prototype.toString.call(message.timestampUs) : options.longs === Number ? new $util.LongBits(message.timestampUs.low >>> 0, message.timestampUs.high >>> 0).toNumber(true) : message.timestampUs;
                return object;
            };

            AggregatorState.prototype.toJSON = function toJSON() {
                return this.constructor.toObject(this, $protobuf.util.toJSONOptions);
            };

            return AggregatorState;
        })();

        return v1;
    })();

    return mjl;
})();
