// The two thin sources of raw config. Both end in parseStackConfig, so the Pulumi program and the
// offline CLI accept and reject exactly the same stacks.
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ConfigError, problem } from "./errors";
import { PROJECT } from "./keys";
import { parseStackConfig, type RawStackConfig } from "./parse";
import type { StackConfig } from "./types";

/**
 * For the program: `fromPulumiAllConfig(pulumi.runtime.allConfig())`. The engine has already merged
 * Pulumi.yaml's defaults in; values are strings, lists JSON-encoded. Taking the plain record keeps
 * @pulumi out of config/.
 */
export function fromPulumiAllConfig(all: Readonly<Record<string, string>>): StackConfig {
  return parseStackConfig({ ...all });
}

/** For the CLI: Pulumi.yaml's config defaults overlaid with Pulumi.<stack>.yaml's values. */
export function loadStackFile(projectDir: string, stack: string): StackConfig {
  return parseStackConfig(readStackRaw(projectDir, stack));
}

/** The merged raw config of a stack, as the Pulumi engine would hand it to the program. */
export function readStackRaw(projectDir: string, stack: string): RawStackConfig {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(stack)) {
    throw new ConfigError([problem("stack", stack, "a stack name of letters, digits, '-', '_' or '.'")]);
  }
  // Stryker disable next-line StringLiteral: the yaml library's default schema is core
  const project = readYaml(projectDir, "Pulumi.yaml", "core");
  const stackFile = readYaml(projectDir, `Pulumi.${stack}.yaml`, "failsafe");
  return { ...projectDefaults(project), ...configSection(stackFile, `Pulumi.${stack}.yaml`) };
}

/** Stack names that have a Pulumi.<stack>.yaml in the project directory, sorted. */
export function listStacks(projectDir: string): string[] {
  const pattern = /^Pulumi\.(.+)\.ya?ml$/;
  return fs.readdirSync(projectDir).flatMap((file) => pattern.exec(file)?.[1] ?? []).sort();
}

// Stack files are read with the failsafe schema: every scalar stays the string the user wrote,
// as the Pulumi engine keeps it (an unquoted 1.30 stays "1.30", not the number 1.3).
function readYaml(projectDir: string, file: string, schema: "core" | "failsafe"): unknown {
  const filePath = path.join(projectDir, file);
  let text: string;
  try {
    text = fs.readFileSync(filePath, "utf8");
  } catch {
    const stacks = fs.existsSync(projectDir) ? listStacks(projectDir) : [];
    const known = stacks.length > 0 ? stacks.join(", ") : "none";
    throw new ConfigError([problem(file, filePath, `an existing file (stacks found: ${known})`)]);
  }
  try {
    return YAML.parse(text, { schema }) ?? {};
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ConfigError([problem(file, filePath, `valid YAML (${reason})`)]);
  }
}

function configSection(document: unknown, file: string): Record<string, unknown> {
  const config = isMap(document) ? document.config : undefined;
  // An empty `config:` is null in Pulumi.yaml (core schema) and "" in a stack file (failsafe).
  if (config === undefined || config === null || config === "") return {};
  if (!isMap(config)) throw new ConfigError([problem(`${file}: config`, config, "a map of config keys to values")]);
  return { ...config };
}

/** Pulumi.yaml `config:` declarations -> raw values: project `default`s and namespaced `value`s. */
function projectDefaults(project: unknown): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, declaration] of Object.entries(configSection(project, "Pulumi.yaml"))) {
    const namespaced = key.includes(":") ? key : `${PROJECT}:${key}`;
    const value = isMap(declaration) ? declaration.default ?? declaration.value : declaration;
    if (value !== undefined) raw[namespaced] = value;
  }
  return raw;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
