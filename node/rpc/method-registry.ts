import { RpcError } from "./json-rpc.js";
import type { RpcCall } from "./rpc-call.js";

/** Parses one positional parameter or throws RpcError(-32602); `param` names it in the message. */
export type ParamParser<T> = (value: unknown, param: string) => T;

export interface RequiredParam<T> {
  readonly name: string;
  readonly optional: false;
  readonly parse: ParamParser<T>;
}

export interface OptionalParam<T> {
  readonly name: string;
  readonly optional: true;
  readonly parse: ParamParser<T>;
}

export type ParamSpec<T = unknown> = RequiredParam<T> | OptionalParam<T>;

/** A parameter that must be present and not null. */
export function required<T>(name: string, parse: ParamParser<T>): RequiredParam<T> {
  return { name, optional: false, parse };
}

/** A parameter that may be omitted or null (the handler sees undefined); only trailing ones may be. */
export function optional<T>(name: string, parse: ParamParser<T>): OptionalParam<T> {
  return { name, optional: true, parse };
}

/** The tuple a handler receives for a list of parameter specs. */
export type ParsedParams<Specs extends readonly ParamSpec[]> = {
  -readonly [K in keyof Specs]: Specs[K] extends RequiredParam<infer T>
    ? T
    : Specs[K] extends OptionalParam<infer T>
      ? T | undefined
      : never;
};

/**
 * A method as the registry and the server see it: a name and an `invoke` that parses raw positional
 * params and runs the handler. `Context` is the narrow interface the method needs from the node; a
 * registry over a wider context accepts it (the handler only reads what it declared).
 */
export interface RpcMethod<Context> {
  /** `namespace_method`, e.g. `eth_getBalance`. */
  readonly name: string;
  /** The part before the underscore (`eth`), the unit that can be disabled as a whole. */
  readonly namespace: string;
  readonly paramNames: readonly string[];
  readonly invoke: (params: readonly unknown[], context: Context, call: RpcCall) => Promise<unknown>;
}

/** What `defineMethod` takes: the method's name, its positional parameters and its handler. */
export interface MethodDefinition<Context, Specs extends readonly ParamSpec[], Result> {
  readonly name: string;
  readonly params: Specs;
  readonly handler: (params: ParsedParams<Specs>, context: Context, call: RpcCall) => Promise<Result> | Result;
}

/** A defined method; it keeps its typed parser and handler so tests can call them directly. */
export interface DefinedMethod<Context, Specs extends readonly ParamSpec[], Result> extends RpcMethod<Context> {
  readonly params: Specs;
  readonly parseParams: (params: readonly unknown[]) => ParsedParams<Specs>;
  readonly handler: (params: ParsedParams<Specs>, context: Context, call: RpcCall) => Promise<Result> | Result;
}

const METHOD_NAME = /^([a-z][a-z0-9]*)_[a-zA-Z][a-zA-Z0-9]*$/;

/**
 * Defines a JSON-RPC method. The handler's parameter tuple is inferred from `params`, and its
 * context type from the handler's annotation:
 *
 *     export const ethChainId = defineMethod({
 *       name: "eth_chainId",
 *       params: [],
 *       handler: (_params, context: ChainIdContext) => formatQuantity(context.chainId),
 *     });
 *
 * Counts are enforced before the handler runs: a missing (or null) required parameter and any
 * extra parameter are -32602 errors, as in geth.
 */
export function defineMethod<const Specs extends readonly ParamSpec[], Context = unknown, Result = unknown>(
  definition: MethodDefinition<Context, Specs, Result>,
): DefinedMethod<Context, Specs, Result> {
  const { name, params: specs, handler } = definition;
  const match = METHOD_NAME.exec(name);
  if (match === null) throw new Error(`RPC method name "${name}" is not of the form namespace_method`);
  const firstOptional = specs.findIndex((spec) => spec.optional);
  if (firstOptional !== -1 && specs.slice(firstOptional).some((spec) => !spec.optional)) {
    throw new Error(`RPC method ${name}: a required parameter follows an optional one`);
  }

  const parseParams = (raw: readonly unknown[]): ParsedParams<Specs> => {
    if (raw.length > specs.length) {
      throw RpcError.invalidParams(`too many arguments, want at most ${specs.length}`);
    }
    return specs.map((spec, index) => {
      const value = raw[index];
      const label = `argument ${index} (${spec.name})`;
      // null counts as absent: clients send `[addr, null]` for "default block", as geth accepts.
      if (value === undefined || value === null) {
        if (!spec.optional) throw RpcError.invalidParams(`missing value for required argument ${index} (${spec.name})`);
        return undefined;
      }
      return spec.parse(value, label);
    }) as ParsedParams<Specs>;
  };

  return {
    name,
    namespace: match[1] as string,
    paramNames: specs.map((spec) => spec.name),
    params: specs,
    parseParams,
    handler,
    invoke: async (raw, context, call) => handler(parseParams(raw), context, call),
  };
}

/**
 * The methods a server answers. A method that was never added, or was disabled (by name or by
 * namespace), is answered with -32601 "the method X does not exist/is not available" — the same
 * answer either way, so a client cannot tell a disabled method from a missing one.
 */
/** A method that runs with `context` whatever context the server passes, so it fits any registry. */
export function bindContext<Context>(method: RpcMethod<Context>, context: Context): RpcMethod<unknown> {
  return {
    name: method.name,
    namespace: method.namespace,
    paramNames: method.paramNames,
    invoke: (params, _serverContext, call) => method.invoke(params, context, call),
  };
}

export class MethodRegistry<Context> {
  private readonly methods = new Map<string, RpcMethod<Context>>();
  private readonly disabledMethods = new Set<string>();
  private readonly disabledNamespaces = new Set<string>();

  /** Adds methods; a name added twice is a programming error and throws. */
  add(...methods: readonly RpcMethod<Context>[]): this {
    for (const method of methods) {
      if (this.methods.has(method.name)) throw new Error(`RPC method ${method.name} is already registered`);
      this.methods.set(method.name, method);
    }
    return this;
  }

  /** Makes one method unavailable (e.g. `eth_sendTransaction` on a node without keys). */
  disable(name: string): this {
    if (!this.methods.has(name)) throw new Error(`cannot disable ${name}: no such RPC method`);
    this.disabledMethods.add(name);
    return this;
  }

  /** Makes a whole namespace unavailable (e.g. `dev` outside a dev chain). */
  disableNamespace(namespace: string): this {
    this.disabledNamespaces.add(namespace);
    return this;
  }

  /** The method to run for `name`, or undefined when it does not exist or is disabled. */
  lookup(name: string): RpcMethod<Context> | undefined {
    const method = this.methods.get(name);
    if (method === undefined || this.disabledMethods.has(name) || this.disabledNamespaces.has(method.namespace)) {
      return undefined;
    }
    return method;
  }

  /** The names of the available methods, sorted. */
  names(): string[] {
    return [...this.methods.keys()].filter((name) => this.lookup(name) !== undefined).sort();
  }
}
