// Records resource registrations under pulumi.runtime.setMocks, including each registration's
// dependencies (the URNs of its dependsOn), which the Mocks interface itself does not expose.
import * as pulumi from "@pulumi/pulumi";

export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly inputs: Record<string, unknown>;
  readonly dependencies: readonly string[];
}

/** The slice of the mock monitor's gRPC request this recorder reads. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getDependenciesList(): string[];
}
interface RegisterResponse {
  getUrn(): string;
}
interface Monitor {
  registerResource(request: RegisterRequest, callback: (error: unknown, response: RegisterResponse | undefined) => void): void;
}

export class MockRecorder implements pulumi.runtime.Mocks {
  private readonly byName = new Map<string, { type: string; inputs: Record<string, unknown> }>();
  private readonly dependenciesByName = new Map<string, string[]>();
  private readonly urnByName = new Map<string, string>();

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
    this.byName.set(args.name, { type: args.type, inputs: args.inputs as Record<string, unknown> });
    return { id: `${args.name}-id`, state: { ...(args.inputs as Record<string, unknown>) } };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    throw new Error(`unexpected invoke ${args.token}`);
  }

  /** Wraps the mock monitor so dependencies are captured; call right after setMocks. */
  captureDependencies(): void {
    const monitor = pulumi.runtime.getMonitor() as unknown as Monitor | undefined;
    if (monitor === undefined) throw new Error("no mock monitor: call setMocks first");
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) => {
      this.dependenciesByName.set(request.getName(), request.getDependenciesList());
      register(request, (error, response) => {
        if (response !== undefined) this.urnByName.set(request.getName(), response.getUrn());
        callback(error, response);
      });
    };
  }

  get registrations(): Registration[] {
    return [...this.byName.entries()].map(([name, { type, inputs }]) => ({
      type,
      name,
      urn: this.urnByName.get(name) ?? "",
      inputs,
      dependencies: this.dependenciesByName.get(name) ?? [],
    }));
  }

  ofType(type: string): Registration[] {
    return this.registrations.filter((r) => r.type === type);
  }
}

/** Runs `build` under fresh mocks and waits until every registration has settled. */
export async function recordRegistrations(build: () => void): Promise<MockRecorder> {
  const recorder = new MockRecorder();
  await pulumi.runtime.setMocks(recorder, "zero-trust-eks", "test", false);
  recorder.captureDependencies();
  try {
    await pulumi.runtime.runInPulumiStack(async () => {
      build();
      return {};
    });
  } finally {
    await pulumi.runtime.disconnect();
  }
  return recorder;
}
