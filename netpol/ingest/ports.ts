import { MAX_PORT, MIN_PORT } from "../connections";
import { Protocol, PROTOCOLS } from "../model";
import { describe, Report } from "./report";

/** IANA_SVC_NAME, as the API validates port names: 1-15 lowercase alphanumerics or '-', a letter, no "--". */
export function isPortName(name: string): boolean {
  return /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes("--");
}

export function portNameReason(value: unknown): string {
  return `port name ${describe(value)} is not valid (expected 1-15 lowercase letters, digits or '-', with at least one letter; or a port number)`;
}

/** `protocol`: absent means TCP; TCP, UDP and SCTP are the only (case-sensitive) values. */
export function buildProtocol(raw: unknown, path: string, report: Report): Protocol | undefined {
  if (raw === undefined || raw === null) return "TCP";
  if (PROTOCOLS.includes(raw as Protocol)) return raw as Protocol;
  report(path, `unknown protocol ${describe(raw)} (expected TCP, UDP or SCTP)`);
  return undefined;
}

/** A port number in 1..65535; anything else is reported. */
export function buildPortNumber(raw: unknown, path: string, report: Report): number | undefined {
  // Stryker disable next-line ConditionalExpression: Number.isInteger is false for anything but a number
  if (typeof raw === "number" && Number.isInteger(raw) && raw >= MIN_PORT && raw <= MAX_PORT) return raw;
  const reason = typeof raw === "number" ? "is out of range" : "is not a port number";
  report(path, `${describe(raw)} ${reason} (expected an integer from ${MIN_PORT} to ${MAX_PORT})`);
  return undefined;
}
