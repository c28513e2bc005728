import { Engine, EngineName } from "./engine";
import { fastEngine } from "./fast";
import { referenceEngine } from "./reference";

export function engineNamed(name: EngineName): Engine {
  switch (name) {
    case "reference":
      return referenceEngine;
    case "fast":
      return fastEngine;
  }
}
