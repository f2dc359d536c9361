// Schema conformance for JSON-RPC results: the Ethereum execution-apis OpenRPC specs
// (ethereum/execution-apis, src/eth and src/schemas, CC0) compiled into one ajv validator per method.
//
// Use it from a method's test:
//
//     before(function () { if (!rpcSchemasAvailable()) this.skip(); });
//     it("conforms", async function () {
//       expect(validateRpcResult("eth_getBalance", await call("eth_getBalance", [...]))).to.deep.equal([]);
//     });
import { Ajv, type ValidateFunction } from "ajv";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { conformanceDir } from "./shared-data.js";

/** Thrown when the execution-apis folder is absent; tests turn it into `this.skip()`. */
export class RpcSchemasUnavailableError extends Error {
  override readonly name = "RpcSchemasUnavailableError";
}

/** One example of a method from the spec: its params and result values. */
export interface RpcMethodExample {
  readonly name: string;
  readonly params: readonly unknown[];
  readonly result: unknown;
}

interface SpecParam {
  name: string;
  required?: boolean;
  schema: unknown;
}

interface SpecMethod {
  name: string;
  params: SpecParam[];
  result?: { name: string; schema: unknown };
  examples?: Array<{ name: string; params: Array<{ name: string; value: unknown }>; result?: { value: unknown } }>;
}

/**
 * All component schemas and every method's result schema live in one document, so the specs'
 * `$ref: '#/components/schemas/X'` resolve against it wherever they appear.
 */
const ROOT_ID = "https://citrate.invalid/execution-apis.json";

/** The execution-apis specs, loaded and compiled. */
export class RpcSchemaSet {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly methods = new Map<string, SpecMethod>();
  private readonly validators = new Map<string, ValidateFunction>();

  /** Loads `<dir>/eth/*.yaml` (methods) and `<dir>/schemas/*.yaml` (components). */
  constructor(executionApisDir: string) {
    const schemas: Record<string, unknown> = {};
    for (const file of yamlFiles(path.join(executionApisDir, "schemas"))) {
      const components = parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      for (const [name, schema] of Object.entries(components)) {
        if (name in schemas) throw new Error(`schema ${name} is defined twice (again in ${file})`);
        schemas[name] = schema;
      }
    }
    const results: Record<string, unknown> = {};
    for (const file of yamlFiles(path.join(executionApisDir, "eth"))) {
      for (const method of parse(readFileSync(file, "utf8")) as SpecMethod[]) {
        this.methods.set(method.name, method);
        if (method.result !== undefined) results[method.name] = method.result.schema;
      }
    }
    this.ajv.addSchema({ $id: ROOT_ID, components: { schemas }, methods: results });
  }

  /** The methods the spec describes, sorted. */
  methodNames(): string[] {
    return [...this.methods.keys()].sort();
  }

  /** The spec's examples for `method`. */
  examples(method: string): RpcMethodExample[] {
    return (this.spec(method).examples ?? []).map((example) => ({
      name: example.name,
      params: example.params.map((param) => param.value),
      result: example.result?.value,
    }));
  }

  /** The ways `result` breaks `method`'s result schema; empty when it conforms. */
  validateResult(method: string, result: unknown): string[] {
    const validate = this.resultValidator(method);
    if (validate(result)) return [];
    return (validate.errors ?? []).map((error) => {
      const where = error.instancePath === "" ? "(result)" : error.instancePath;
      return `${where} ${error.message ?? "is invalid"}`;
    });
  }

  private spec(method: string): SpecMethod {
    const spec = this.methods.get(method);
    if (spec === undefined) throw new Error(`the execution-apis spec has no method ${method}`);
    return spec;
  }

  private resultValidator(method: string): ValidateFunction {
    let validate = this.validators.get(method);
    if (validate === undefined) {
      if (this.spec(method).result === undefined) throw new Error(`the execution-apis spec gives ${method} no result`);
      validate = this.ajv.getSchema(`${ROOT_ID}#/methods/${method}`);
      if (validate === undefined) throw new Error(`no compiled result schema for ${method}`);
      this.validators.set(method, validate);
    }
    return validate;
  }
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((name) => path.join(dir, name));
}

let shared: RpcSchemaSet | null | undefined;

/** The schema set from the conformance folder, or null when the folder is absent (loaded once). */
function sharedSchemas(): RpcSchemaSet | null {
  if (shared === undefined) {
    const dir = conformanceDir();
    const executionApis = dir === undefined ? undefined : path.join(dir, "execution-apis");
    shared = executionApis !== undefined && existsSync(executionApis) ? new RpcSchemaSet(executionApis) : null;
  }
  return shared;
}

/** Whether the execution-apis schemas are present; tests that need them skip when not. */
export function rpcSchemasAvailable(): boolean {
  return sharedSchemas() !== null;
}

function requireSchemas(): RpcSchemaSet {
  const schemas = sharedSchemas();
  if (schemas === null) {
    throw new RpcSchemasUnavailableError(
      "execution-apis schemas not available (set CITRATE_CONFORMANCE_DIR to the folder holding execution-apis/)",
    );
  }
  return schemas;
}

/**
 * The ways `result` breaks the execution-apis result schema of `method` (empty = valid). Throws
 * RpcSchemasUnavailableError when the schemas are absent, and an Error for a method the spec lacks.
 */
export function validateRpcResult(method: string, result: unknown): string[] {
  return requireSchemas().validateResult(method, result);
}

/** The spec's examples for `method` (same errors as validateRpcResult). */
export function rpcMethodExamples(method: string): RpcMethodExample[] {
  return requireSchemas().examples(method);
}

/** Every method the spec describes. */
export function rpcSpecMethodNames(): string[] {
  return requireSchemas().methodNames();
}
